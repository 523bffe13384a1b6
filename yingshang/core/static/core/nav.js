// The top bar's module menus and the phone menu button (base.html): disclosure buttons with aria-expanded.
// Keyboard: Enter/Space open a menu, ArrowDown moves into it, Escape closes it and returns to its button;
// a click elsewhere or focus leaving a menu closes it. Without this script the menus open on focus (CSS).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setOpen(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function groupButtons() {
    return Array.prototype.slice.call(document.querySelectorAll(".navgroup-button"));
  }

  function closeAll(except) {
    groupButtons().forEach(function (button) {
      if (button !== except) setOpen(button, false);
    });
  }

  function menuLinks(button) {
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    return menu ? Array.prototype.slice.call(menu.querySelectorAll("a")) : [];
  }

  function init() {
    groupButtons().forEach(function (button) {
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        closeAll(button);
        setOpen(button, open);
      });
      button.addEventListener("keydown", function (event) {
        if (event.key === "ArrowDown") {
          event.preventDefault();
          event.stopPropagation();  // the menu's own arrow handling must not move on at once
          closeAll(button);
          setOpen(button, true);
          var links = menuLinks(button);
          if (links.length) links[0].focus();
        }
      });
      var group = button.parentElement;
      group.addEventListener("keydown", function (event) {
        var links = menuLinks(button);
        var index = links.indexOf(document.activeElement);
        if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
          setOpen(button, false);
          button.focus();
        } else if (index >= 0 && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
          event.preventDefault();
          var next = (index + (event.key === "ArrowDown" ? 1 : -1) + links.length) % links.length;
          links[next].focus();
        }
      });
      group.addEventListener("focusout", function (event) {
        if (event.relatedTarget && !group.contains(event.relatedTarget)) setOpen(button, false);
      });
    });
    document.addEventListener("click", function (event) {
      if (!event.target.closest || !event.target.closest(".navgroup")) closeAll(null);
    });
    var phoneButton = document.querySelector(".navbutton");
    if (phoneButton) {
      phoneButton.addEventListener("click", function () {
        setOpen(phoneButton, phoneButton.getAttribute("aria-expanded") !== "true");
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
