// The place page's monthly bar chart: one bar per month of the appeals this reader may see.
(function () {
  var holder = document.getElementById("place-monthly-chart");
  var data = document.getElementById("place-monthly-data");
  if (!holder || !data || typeof echarts === "undefined") { return; }
  var months = JSON.parse(data.textContent);
  var chart = echarts.init(holder);
  chart.setOption({
    tooltip: { trigger: "axis" },
    grid: { left: 40, right: 16, top: 20, bottom: 40 },
    xAxis: { type: "category", data: months.map(function (m) { return m.month; }) },
    yAxis: { type: "value", minInterval: 1, name: "件" },
    series: [{ type: "bar", name: "诉求数", data: months.map(function (m) { return m.count; }), itemStyle: { color: "#c0504d" } }]
  });
  holder.setAttribute("data-ready", "1");
  window.addEventListener("resize", function () { chart.resize(); });
})();
