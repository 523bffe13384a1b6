// 受理台 keyboard shortcuts: the operator keeps both hands on the keyboard during a call.
(function () {
  var form = document.getElementById("console-form");
  if (!form) return;
  function submitWith(mode) {
    var button = form.querySelector('button[name="mode"][value="' + mode + '"]');
    if (button) button.click();
  }
  function pick(index) {
    var buttons = document.querySelectorAll("#suggestion-slot .pick");
    if (buttons[index]) buttons[index].click();
  }
  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") { event.preventDefault(); submitWith("dispatch"); }
    else if ((event.ctrlKey || event.metaKey) && (event.key === "s" || event.key === "S")) { event.preventDefault(); submitWith("hold"); }
    else if (event.altKey && ["1", "2", "3"].indexOf(event.key) >= 0) { event.preventDefault(); pick(Number(event.key) - 1); }
    else if (event.altKey && !event.ctrlKey && event.code && event.code.indexOf("Key") === 0) {
      // Alt+P / Alt+C / Alt+L: the fields' accesskeys, handled here as well because browsers map
      // accesskey to different modifiers (and some not at all).
      var field = form.querySelector('[accesskey="' + event.code.slice(3).toLowerCase() + '"]');
      if (field) { event.preventDefault(); field.focus(); }
    }
  });
  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("[data-pick]");
    if (!target) return;
    var input = document.getElementById("id_label");
    input.value = target.getAttribute("data-pick");
    input.focus();
  });
})();
