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
