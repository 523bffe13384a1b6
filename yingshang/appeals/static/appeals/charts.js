// Monthly volume and the split by domain (first label level), from json_script blocks of the page.
(function () {
  if (!window.echarts) return;
  function data(id) { var node = document.getElementById(id); return node ? JSON.parse(node.textContent) : []; }
  var months = data("months-data"), domains = data("domains-data");
  var monthsNode = document.getElementById("chart-months"), domainsNode = document.getElementById("chart-domains");
  if (monthsNode) {
    echarts.init(monthsNode).setOption({
      title: { text: "月度受理量", textStyle: { fontSize: 14 } }, tooltip: { trigger: "axis" }, grid: { left: 40, right: 10, bottom: 30 },
      xAxis: { type: "category", data: months.map(function (m) { return m[0]; }) }, yAxis: { type: "value" },
      series: [{ type: "bar", data: months.map(function (m) { return m[1]; }), itemStyle: { color: "#b3261e" } }]
    });
  }
  if (domainsNode) {
    echarts.init(domainsNode).setOption({
      title: { text: "诉求领域", textStyle: { fontSize: 14 } }, tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["35%", "65%"], data: domains.slice(0, 12).map(function (d) { return { name: d[0], value: d[1] }; }) }]
    });
  }
})();
