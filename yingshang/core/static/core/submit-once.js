// The Content-Security-Policy allows no inline handlers: behaviours pages ask for by data attributes live here.
// Forms marked data-confirm ask first (capture phase: before any other submit handler sees the event).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.matches && form.matches("form[data-confirm]") && !window.confirm(form.getAttribute("data-confirm"))) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
// Links marked data-history-back go back one page when there is one (their href is the fallback).
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-history-back]");
  if (link && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
// Forms marked data-submit-once (imports, runs, bulletins: work that must start once) disable their
// buttons while the request is on its way, so a double click never queues the work twice.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches || !form.matches("form[data-submit-once]") || event.defaultPrevented) return;
  // After the browser has taken the clicked button's name/value into the submission.
  setTimeout(function () {
    form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
    });
  }, 0);
});
// Back to a page from the browser's cache: its buttons work again.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-submit-once] [aria-busy=true]").forEach(function (button) {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  });
});
