// The radar chart of the skill profile; the table below it carries the same numbers.
(function () {
  "use strict";
  var element = document.getElementById("skill-radar");
  if (!element || !window.echarts) {
    return;
  }
  var data = JSON.parse(document.getElementById("skill-radar-data").textContent);
  var labels = data.labels;
  var chart = window.echarts.init(element, null, { renderer: "svg" });

  // Skill names break onto short lines, fewer characters a line on a narrow screen, and the radar
  // shrinks there, so the names at its sides stay whole inside the chart.
  function wrap(name, perLine) {
    var lines = [];
    for (var start = 0; start < name.length; start += perLine) {
      lines.push(name.slice(start, start + perLine));
    }
    return lines.join("\n");
  }

  function options() {
    var narrow = element.clientWidth < 480;
    var perLine = narrow ? 6 : 12;
    return {
      aria: { enabled: true },
      legend: { data: [labels.target, labels.current], bottom: 0 },
      tooltip: {},
      radar: {
        indicator: data.indicators,
        radius: narrow ? "42%" : "62%",
        axisName: { fontSize: narrow ? 11 : 12, lineHeight: narrow ? 13 : 15, formatter: function (name) { return wrap(name, perLine); } },
      },
      series: [
        {
          type: "radar",
          data: [
            { name: labels.target, value: data.target, lineStyle: { type: "dashed" } },
            { name: labels.current, value: data.current, areaStyle: { opacity: 0.25 } },
          ],
        },
      ],
    };
  }

  chart.setOption(options());
  window.addEventListener("resize", function () {
    chart.setOption(options());
    chart.resize();
  });
})();
