/* The bulletin's funnel plot: each unit's rate against its number of appeals, with the exact binomial
   control limits around the city rate (computed on the server and stored with the bulletin). */
(function () {
  "use strict";
  const node = document.getElementById("funnel-chart");
  const source = document.getElementById("funnel-data");
  if (!node || !source || typeof echarts === "undefined") return;
  const funnel = JSON.parse(source.textContent);
  if (!funnel.curve.length) { node.style.display = "none"; return; }
  const chart = echarts.init(node, null, { renderer: "canvas" });
  const limit = function (key) { return funnel.curve.map(function (c) { return [c.n, c[key]]; }); };
  const dashed = { type: "dashed" };
  const VERDICT_COLOURS = { higher: "#1a7f37", lower: "#cf222e" };
  chart.setOption({
    tooltip: { trigger: "item", formatter: function (info) {
      return info.seriesIndex === 0 ? info.data[2] + ":" + (info.data[1] * 100).toFixed(1) + "%(n=" + info.data[0] + ")" : "";
    } },
    grid: { left: 50, right: 20, top: 20, bottom: 40 },
    xAxis: { type: "value", name: "n", min: 0 },
    yAxis: { type: "value", min: 0, max: 1, axisLabel: { formatter: function (v) { return (v * 100).toFixed(0) + "%"; } } },
    series: [
      { type: "scatter", symbolSize: 8, data: funnel.points.map(function (p) { return [p.n, p.rate, p.name]; }),
        itemStyle: { color: function (p) { return VERDICT_COLOURS[funnel.points[p.dataIndex].verdict] || "#1f6feb"; } } },
      { type: "line", showSymbol: false, data: [[funnel.curve[0].n, funnel.city_rate], [funnel.curve[funnel.curve.length - 1].n, funnel.city_rate]], lineStyle: { color: "#57606a" } },
      { type: "line", showSymbol: false, data: limit("low95"), lineStyle: { color: "#fb8c00" } },
      { type: "line", showSymbol: false, data: limit("high95"), lineStyle: { color: "#fb8c00" } },
      { type: "line", showSymbol: false, data: limit("low998"), lineStyle: Object.assign({ color: "#d73027" }, dashed) },
      { type: "line", showSymbol: false, data: limit("high998"), lineStyle: Object.assign({ color: "#d73027" }, dashed) },
    ],
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
