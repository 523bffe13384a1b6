// 政务服务 pages: the window's intake picker, the application form's file-size check and the monitoring charts
// (data from json_script blocks).
(function () {
  var intake = document.querySelector("form[data-intake]");
  if (intake) {
    intake.addEventListener("submit", function (event) {
      event.preventDefault();
      window.location.href = intake.querySelector("select").value;
    });
  }
  // Material files: refused here before sending when one file or the whole submission is too big, so the
  // typed form is not lost to the server's 413 page (the server checks again: core.uploads, the body limit).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-upload-limit]")) return;
    var total = 0, fileLimit = Number(form.getAttribute("data-file-limit")), limit = Number(form.getAttribute("data-upload-limit"));
    var problems = [];
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      Array.prototype.forEach.call(input.files || [], function (file) {
        total += file.size;
        if (fileLimit && file.size > fileLimit) problems.push("文件“" + file.name + "”为 " + (file.size / 1048576).toFixed(1) + " MB,超过每份 " + Math.round(fileLimit / 1048576) + " MB 的上限");
      });
    });
    if (limit && total > limit) problems.push("所选文件合计 " + (total / 1048576).toFixed(1) + " MB,超过一次提交 " + Math.round(limit / 1048576) + " MB 的上限;请先提交部分材料,其余可在补正时上传或到窗口提交");
    var warning = document.getElementById("upload-warning");
    if (!problems.length) {
      if (warning) warning.hidden = true;
      return;
    }
    event.preventDefault();
    if (warning) {
      warning.textContent = problems.join(";");
      warning.hidden = false;
      warning.scrollIntoView();
    }
  }, true);
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
