// Busy states of every page (one file, loaded by base.html; no inline scripts, see the CSP):
// - Forms marked data-submit-once (imports, runs, bulletins, publishing: work that must start once) disable
//   their buttons while the request is on its way and show 「处理中…」, so a double click never queues the
//   work twice and the person sees that something is happening.
// - Forms marked data-confirm="…" ask first (instead of inline onsubmit handlers).
// - htmx requests mark their element aria-busy (a spinner through CSS) and disable it until the answer.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches || event.defaultPrevented) return;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  if (!form.matches("form[data-submit-once]")) return;
  form.setAttribute("aria-busy", "true");
  // After the browser has taken the clicked button's name/value into the submission.
  setTimeout(function () {
    form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      if (button.tagName === "BUTTON" && !button.hasAttribute("data-label")) {
        button.setAttribute("data-label", button.textContent);
        button.textContent = button.textContent + " · 处理中…";
      }
    });
  }, 0);
});
// Back to a page from the browser's cache: its buttons work again.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.removeAttribute("aria-busy");
    form.querySelectorAll("[aria-busy=true]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
      if (button.hasAttribute("data-label")) {
        button.textContent = button.getAttribute("data-label");
        button.removeAttribute("data-label");
      }
    });
  });
});
document.addEventListener("htmx:beforeRequest", function (event) {
  var element = event.detail && event.detail.elt;
  if (!element || !element.setAttribute) return;
  element.setAttribute("aria-busy", "true");
  var buttons = element.tagName === "FORM" ? element.querySelectorAll("button, input[type=submit]") : [element];
  Array.prototype.forEach.call(buttons, function (button) {
    if (button.tagName === "BUTTON" || button.tagName === "INPUT") button.disabled = true;
  });
});
document.addEventListener("htmx:afterRequest", function (event) {
  var element = event.detail && event.detail.elt;
  if (!element || !element.removeAttribute) return;
  element.removeAttribute("aria-busy");
  var buttons = element.tagName === "FORM" ? element.querySelectorAll("button, input[type=submit]") : [element];
  Array.prototype.forEach.call(buttons, function (button) {
    if (button.tagName === "BUTTON" || button.tagName === "INPUT") button.disabled = false;
  });
});
// Links marked data-history-back go back one page when there is one (their href is the fallback).
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-history-back]");
  if (link && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
