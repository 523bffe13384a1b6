// The one unit picker (core.forms.UnitPicker, and any <select data-unit-picker> in a template): a search box
// over 660+ units with tom-select (npm, vendored by scripts/vendor_assets.py). Typing matches the unit's name
// and its aliases (data-search). Without JavaScript the <select> still works as it is.
(function () {
  function enhance(root) {
    if (typeof window.TomSelect !== "function" || !root || !root.querySelectorAll) return;
    var selects = root.matches && root.matches("select[data-unit-picker]") ? [root] : root.querySelectorAll("select[data-unit-picker]");
    Array.prototype.forEach.call(selects, function (select) {
      if (select.tomselect) return;
      // tom-select moves the <label for> to its own input; the original <select> (still read by assistive
      // technology) keeps its name through aria-label.
      var label = select.id && document.querySelector('label[for="' + select.id + '"]');
      if (!select.getAttribute("aria-label")) {
        select.setAttribute("aria-label", (label && label.textContent.trim()) || select.getAttribute("data-placeholder") || "单位");
      }
      new window.TomSelect(select, {
        searchField: ["text", "search"],
        allowEmptyOption: true,
        maxOptions: 80,
        placeholder: select.getAttribute("data-placeholder") || "输入单位名称或简称搜索",
        render: {
          no_results: function () { return '<div class="no-results">没有匹配的单位</div>'; }
        }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  // Forms swapped in by htmx (an item's correction, a dispatch panel) get their pickers too.
  document.addEventListener("htmx:load", function (event) { enhance(event.detail && event.detail.elt); });
})();
