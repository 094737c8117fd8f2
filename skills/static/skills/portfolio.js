/* The portfolio's charts, drawn with ECharts from the JSON the page embeds.
   Every chart has a data table beside it in the page; the charts are a visual aid. */
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var labels = JSON.parse(document.getElementById("portfolio-labels").textContent);
  var font = { fontFamily: getComputedStyle(document.documentElement).fontFamily };

  function read(id) { return JSON.parse(document.getElementById(id).textContent); }

  function heatmap(data) {
    return {
      textStyle: font,
      animation: false,
      tooltip: { position: "top" },
      grid: { left: 110, right: 20, top: 100, bottom: 70 },
      xAxis: { type: "category", data: data.skills, position: "top", axisLabel: { rotate: 45, interval: 0 }, splitArea: { show: true } },
      yAxis: { type: "category", data: data.rows, inverse: true, axisLabel: { interval: 0 }, splitArea: { show: true } },
      visualMap: {
        min: 0, max: data.max, calculable: true, orient: "horizontal", left: "center", bottom: 0,
        seriesIndex: 0, inRange: { color: ["#eef4fb", "#6f9fd2", "#1f4e8c"] },
        text: [data.percent ? "100%" : String(data.max), "0"]
      },
      series: [
        { name: labels.value, type: "heatmap", data: data.values, label: { show: data.skills.length <= 12, formatter: function (p) { return data.percent ? p.value[2] + "%" : p.value[2]; } } },
        { name: labels.hidden, type: "heatmap", data: data.hidden.map(function (xy) { return [xy[0], xy[1], 0]; }),
          itemStyle: { color: "#d9d9d9" }, label: { show: true, formatter: function () { return data.hiddenLabel; }, color: "#1a1a1a" },
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
      yAxis: { type: "category", data: names, inverse: true, axisLabel: { interval: 0 } },
      xAxis: { type: "value" },
      series: [
        { name: labels.hours, type: "bar", data: column("hours_watched") },
        { name: labels.lessons, type: "bar", data: column("lessons_completed") },
        { name: labels.passed, type: "bar", data: column("assessments_passed") }
      ]
    };
  }

  function effect(rows) {
    var shown = rows.filter(function (r) { return !r.suppressed; });
    return {
      textStyle: font, animation: false, tooltip: { trigger: "axis" },
      legend: { data: [labels.before, labels.after] },
      xAxis: { type: "category", data: shown.map(function (r) { return r.course + "\n" + r.skill; }) },
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
    chart.setOption(builders[element.dataset.chart](read(element.dataset.source)));
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
