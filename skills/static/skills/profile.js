// The radar chart of the skill profile; the table below it carries the same numbers.
(function () {
  "use strict";
  var element = document.getElementById("skill-radar");
  if (!element || !window.echarts) {
    return;
  }
  var data = JSON.parse(document.getElementById("skill-radar-data").textContent);
  var labels = data.labels;
  var chart = window.echarts.init(element);
  chart.setOption({
    aria: { enabled: true },
    legend: { data: [labels.target, labels.current], bottom: 0 },
    tooltip: {},
    radar: { indicator: data.indicators, radius: "62%" },
    series: [
      {
        type: "radar",
        data: [
          { name: labels.target, value: data.target, lineStyle: { type: "dashed" } },
          { name: labels.current, value: data.current, areaStyle: { opacity: 0.25 } },
        ],
      },
    ],
  });
  window.addEventListener("resize", function () {
    chart.resize();
  });
})();
