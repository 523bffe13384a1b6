/* 驾驶舱: draws the ECharts charts from the JSON data endpoints and refreshes them every N seconds
   without reloading the page (the warnings feed, 一事多诉 and league table refresh through htmx). */
(function () {
  "use strict";
  const root = document.getElementById("cockpit");
  if (!root || typeof echarts === "undefined") return;
  const t = root.dataset;
  const status = document.getElementById("cockpit-status");
  const charts = {
    trend: echarts.init(document.getElementById("chart-trend"), null, { renderer: "canvas" }),
    labels: echarts.init(document.getElementById("chart-labels"), null, { renderer: "canvas" }),
    map: echarts.init(document.getElementById("chart-map"), null, { renderer: "canvas" }),
  };
  let grain = "day";
  let mapRegistered = false;

  async function getJSON(url) {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }

  function percent(value) {
    return value === null || value === undefined ? "—" : (value * 100).toFixed(1) + "%";
  }

  async function loadSummary() {
    const data = await getJSON(t.summary);
    document.querySelectorAll("#cockpit-summary [data-field]").forEach(function (node) {
      const value = data[node.dataset.field];
      node.textContent = node.hasAttribute("data-percent") ? percent(value) : (value === null || value === undefined ? "—" : value);
    });
  }

  async function loadTrend() {
    const data = await getJSON(t.trend + "?grain=" + grain);
    charts.trend.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: [t.tReceived, t.tCompleted] },
      grid: { left: 44, right: 12, top: 30, bottom: 28 },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value" },
      series: [
        { name: t.tReceived, type: grain === "day" ? "line" : "bar", data: data.received, smooth: true },
        { name: t.tCompleted, type: "line", data: data.completed, smooth: true },
      ],
    }, true);
  }

  async function loadLabels() {
    const data = await getJSON(t.labels);
    charts.labels.setOption({
      tooltip: { formatter: function (info) { return info.treePathInfo.map(function (n) { return n.name; }).slice(1).join("/") + ":" + info.value; } },
      // Labels wrap inside their rectangle and end in "…" when they cannot fit; rectangles too small for any
      // text show none (their name is in the tooltip) rather than a cut-off word.
      series: [{ type: "treemap", name: t.tAppeals, data: data.data, leafDepth: 1, roam: false, breadcrumb: { show: true },
                 visibleMin: 400,
                 label: { show: true, formatter: "{b}\n{c}", overflow: "break", ellipsis: "…", lineHeight: 15, fontSize: 12 },
                 upperLabel: { show: true, height: 22, overflow: "truncate", ellipsis: "…" } }],
    }, true);
  }

  async function loadMap() {
    if (!mapRegistered) {
      echarts.registerMap("yingshang-districts", await getJSON(t.map));
      mapRegistered = true;
    }
    const data = await getJSON(t.districts);
    const largest = Math.max(1, ...data.districts.map(function (d) { return d.value; }));
    charts.map.setOption({
      tooltip: { trigger: "item", formatter: function (info) {
        const d = info.data || {};
        return info.name + "<br>" + t.tAppeals + ":" + (d.value || 0) + "<br>" + t.tOverdue + ":" + (d.overdue || 0);
      } },
      visualMap: { min: 0, max: largest, left: 10, bottom: 10, calculable: true, inRange: { color: ["#e0f3f8", "#fdae61", "#d73027"] } },
      // Overlapping district names are hidden (hideOverlap) instead of drawn over each other; hovering or
      // zooming shows them.
      series: [{ type: "map", map: "yingshang-districts", roam: true, name: t.tAppeals, data: data.districts,
                 label: { show: true, fontSize: 11, backgroundColor: "rgba(255,255,255,.7)", padding: [1, 2] },
                 labelLayout: { hideOverlap: true }, emphasis: { label: { show: true } } }],
    }, true);
    const others = document.getElementById("map-others");
    others.innerHTML = "";
    data.others.forEach(function (d) {
      const item = document.createElement("li");
      item.textContent = d.name + " " + d.value;
      others.appendChild(item);
    });
  }

  async function refresh() {
    const results = await Promise.allSettled([loadSummary(), loadTrend(), loadLabels(), loadMap()]);
    const failed = results.some(function (r) { return r.status === "rejected"; });
    status.textContent = failed ? t.tError : "";
    root.dataset.loadedAt = String(Date.now());
  }

  document.querySelectorAll("[data-grain]").forEach(function (button) {
    button.addEventListener("click", function () {
      grain = button.dataset.grain;
      document.querySelectorAll("[data-grain]").forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
      loadTrend().catch(function () { status.textContent = t.tError; });
    });
  });
  window.addEventListener("resize", function () { Object.values(charts).forEach(function (c) { c.resize(); }); });
  refresh();
  setInterval(refresh, Math.max(2, Number(t.refresh) || 60) * 1000);
})();
