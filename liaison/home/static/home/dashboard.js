// Draws every <canvas data-chart="id"> of the page with Chart.js from the JSON the server put in
// <script id="id" type="application/json"> (json_script): no extra request, nothing inline (CSP).
// A click on a bar opens the list behind it; before printing, charts are redrawn at the paper's size
// and the tables under them are opened.
(function () {
  "use strict";
  if (!window.Chart) { return; }
  var COLOURS = ["#b71c1c", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457", "#4e342e",
    "#558b2f", "#283593", "#f9a825", "#37474f"];
  var BAR_HEIGHT = 26;
  var charts = [];

  function readConfig(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) { return null; }
    try { return JSON.parse(source.textContent); } catch (error) { return null; }
  }

  function sizeBox(canvas, config) {
    // A horizontal chart grows with its bars so that every label stays readable.
    if (!config.horizontal) { return; }
    var bars = config.labels.length * (config.stacked ? 1 : Math.max(1, config.datasets.length));
    canvas.parentNode.style.height = Math.max(160, bars * BAR_HEIGHT + 70) + "px";
  }

  function draw(canvas) {
    var config = readConfig(canvas);
    if (!config) { return; }
    sizeBox(canvas, config);
    var valueAxis = config.horizontal ? "x" : "y";
    var scales = { x: { stacked: config.stacked }, y: { stacked: config.stacked } };
    scales[valueAxis].beginAtZero = true;
    if (config.percent) {
      scales[valueAxis].max = 100;
      scales[valueAxis].ticks = { callback: function (value) { return value + "%"; } };
    } else {
      scales[valueAxis].ticks = { precision: 0 };
    }
    var datasets = config.datasets.map(function (dataset, index) {
      var colour = COLOURS[index % COLOURS.length];
      return { label: dataset.label, data: dataset.data, urls: dataset.urls, backgroundColor: colour, borderColor: colour };
    });
    var chart = new window.Chart(canvas, {
      type: "bar",
      data: { labels: config.labels, datasets: datasets },
      options: {
        indexAxis: config.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: scales,
        plugins: { legend: { display: datasets.length > 1, position: "bottom" } },
        onHover: function (event, elements) {
          event.native.target.style.cursor = elements.length ? "pointer" : "default";
        },
        onClick: function (event, elements, self) {
          if (!elements.length) { return; }
          var hit = elements[0];
          var url = self.data.datasets[hit.datasetIndex].urls[hit.index];
          if (url) { window.location.assign(url); }
        }
      }
    });
    charts.push(chart);
  }

  Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), draw);

  var opened = [];
  function beforePrint() {
    Array.prototype.forEach.call(document.querySelectorAll("details.dashboard-table:not([open])"), function (details) {
      details.open = true;
      opened.push(details);
    });
    charts.forEach(function (chart) { chart.resize(); });
  }
  function afterPrint() {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
    charts.forEach(function (chart) { chart.resize(); });
  }
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
  if (window.matchMedia) {
    var print = window.matchMedia("print");
    var onChange = function (query) { if (query.matches) { beforePrint(); } else { afterPrint(); } };
    if (print.addEventListener) { print.addEventListener("change", onChange); }
  }
})();
