// 政务服务 pages: the window's intake picker and the monitoring charts (data from json_script blocks).
(function () {
  var intake = document.querySelector("form[data-intake]");
  if (intake) {
    intake.addEventListener("submit", function (event) {
      event.preventDefault();
      window.location.href = intake.querySelector("select").value;
    });
  }
  var node = document.getElementById("affairs-chart");
  if (!node || !window.echarts) return;
  var data = JSON.parse(node.textContent);
  var stages = document.getElementById("chart-stages"), units = document.getElementById("chart-units");
  if (stages) {
    echarts.init(stages).setOption({
      title: { text: "各环节用时(工作日)", textStyle: { fontSize: 14 } }, tooltip: { trigger: "axis" }, legend: { bottom: 0 },
      grid: { left: 40, right: 10, bottom: 40 }, xAxis: { type: "category", data: data.stages }, yAxis: { type: "value" },
      series: [{ name: "平均", type: "bar", data: data.mean }, { name: "90分位", type: "bar", data: data.p90 }]
    });
  }
  if (units) {
    echarts.init(units).setOption({
      title: { text: "各单位提速率与按承诺办结率(%)", textStyle: { fontSize: 14 } }, tooltip: { trigger: "axis" }, legend: { bottom: 0 },
      grid: { left: 40, right: 10, bottom: 90 }, xAxis: { type: "category", data: data.units, axisLabel: { rotate: 30 } }, yAxis: { type: "value", max: 100 },
      series: [{ name: "提速率", type: "bar", data: data.speedup }, { name: "按承诺办结", type: "bar", data: data.on_time }]
    });
  }
})();
