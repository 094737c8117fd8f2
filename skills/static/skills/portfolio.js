/* The portfolio's charts, drawn with ECharts from the JSON the page embeds.
   Every chart has a data table beside it in the page; the charts are a visual aid. */
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var labels = JSON.parse(document.getElementById("portfolio-labels").textContent);
  var font = { fontFamily: getComputedStyle(document.documentElement).fontFamily };

  function read(id) { return JSON.parse(document.getElementById(id).textContent); }

  // Wide enough columns get their names horizontally, wrapped; narrow ones get them upright, so
  // names never pile on each other. Below 24 px a column the chart grows and its box scrolls.
  var NAME_WIDTH = 96, WRAP_AT = 64, NARROWEST = 24;

  function heatmap(data, element) {
    var left = NAME_WIDTH + 14, right = 20;
    var minimum = left + right + NARROWEST * data.skills.length;
    element.style.minWidth = minimum + "px";
    var column = (Math.max(element.clientWidth, minimum) - left - right) / data.skills.length;
    var wrap = column >= WRAP_AT;
    var top = wrap ? 70 : 130;
    return {
      textStyle: font,
      animation: false,
      tooltip: { position: "top", confine: true },
      grid: { left: left, right: right, top: top, bottom: 70 },
      xAxis: {
        type: "category", data: data.skills, position: "top", splitArea: { show: true },
        axisLabel: wrap
          ? { interval: 0, width: column - 6, overflow: "break", lineHeight: 14 }
          : { interval: 0, rotate: 90, width: top - 14, overflow: "truncate" }
      },
      yAxis: { type: "category", data: data.rows, inverse: true, splitArea: { show: true },
               axisLabel: { interval: 0, width: NAME_WIDTH, overflow: "truncate" } },
      visualMap: {
        min: 0, max: data.max, calculable: true, orient: "horizontal", left: "center", bottom: 0,
        seriesIndex: 0, inRange: { color: ["#eef4fb", "#6f9fd2", "#1f4e8c"] },
        text: [data.percent ? "100%" : String(data.max), "0"]
      },
      series: [
        { name: labels.value, type: "heatmap", data: data.values, label: { show: data.skills.length <= 12, formatter: function (p) { return data.percent ? p.value[2] + "%" : p.value[2]; } } },
        // Withheld cells: a hatched pattern and their label, not a colour alone.
        { name: labels.hidden, type: "heatmap", data: data.hidden.map(function (xy) { return [xy[0], xy[1], 0]; }),
          itemStyle: { color: "#ececec", decal: { symbol: "rect", dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: -Math.PI / 4, color: "#bdbdbd" } },
          label: { show: true, formatter: function () { return data.hiddenLabel; }, color: "#1a1a1a" },
          tooltip: { formatter: function () { return data.hiddenLabel; } } }
      ]
    };
  }

  function trend(rows) {
    return {
      textStyle: font, animation: false, tooltip: { trigger: "axis" },
      legend: { data: [labels.meanLevel, labels.atTarget] },
      xAxis: { type: "category", data: rows.map(function (r) { return r.label; }) },
      yAxis: [{ type: "value", name: labels.meanLevel, min: 0 }, { type: "value", name: labels.atTarget, min: 0, max: 100 }],
      series: [
        { name: labels.meanLevel, type: "line", data: rows.map(function (r) { return r.mean_level; }) },
        { name: labels.atTarget, type: "line", yAxisIndex: 1, data: rows.map(function (r) { return r.at_target === null ? null : Math.round(r.at_target * 100); }) }
      ]
    };
  }

  function activity(rows) {
    var names = rows.map(function (r) { return r.name; });
    function column(key) { return rows.map(function (r) { return r[key]; }); }
    return {
      textStyle: font, animation: false, tooltip: { trigger: "axis" },
      legend: { top: 0, data: [labels.hours, labels.lessons, labels.passed] },
      grid: { left: 110, right: 20, top: 40, bottom: 30 },
      yAxis: { type: "category", data: names, inverse: true, axisLabel: { interval: 0, width: 96, overflow: "break" } },
      xAxis: { type: "value" },
      series: [
        { name: labels.hours, type: "bar", data: column("hours_watched") },
        { name: labels.lessons, type: "bar", data: column("lessons_completed") },
        { name: labels.passed, type: "bar", data: column("assessments_passed") }
      ]
    };
  }

  function effect(rows, element) {
    var shown = rows.filter(function (r) { return !r.suppressed; });
    var column = (element.clientWidth - 80) / Math.max(1, shown.length);
    return {
      textStyle: font, animation: false, tooltip: { trigger: "axis" },
      legend: { data: [labels.before, labels.after] },
      grid: { left: 50, right: 20, bottom: 90 },
      xAxis: { type: "category", data: shown.map(function (r) { return r.course + "\n" + r.skill; }),
               axisLabel: { interval: 0, width: Math.max(40, column - 8), overflow: "break", lineHeight: 14 } },
      yAxis: { type: "value", name: labels.meanLevel, min: 0 },
      series: [
        { name: labels.before, type: "bar", data: shown.map(function (r) { return r.before; }) },
        { name: labels.after, type: "bar", data: shown.map(function (r) { return r.after; }) }
      ]
    };
  }

  var builders = { heatmap: heatmap, trend: trend, activity: activity, effect: effect };
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var chart = echarts.init(element, null, { renderer: "svg" });
    var build = builders[element.dataset.chart];
    var data = read(element.dataset.source);
    chart.setOption(build(data, element));
    window.addEventListener("resize", function () {
      chart.setOption(build(data, element), { replaceMerge: ["series"] });
      chart.resize();
    });
  });

  // On a phone the heatmap's table, whose headers stay in view, is easier to read than the chart.
  if (window.matchMedia("(max-width: 46rem)").matches) {
    document.querySelectorAll("details[data-open-on-phone]").forEach(function (details) { details.open = true; });
  }
})();
