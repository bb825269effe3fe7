// The annual report's charts (年报): ECharts from its WebJar, data from each chart's data-chart attribute.
// The same figures stand in the tables below the charts, which are the text alternative. Drawn on canvas
// with canvas tooltips (renderMode richText): the SVG renderer and HTML tooltips write style attributes,
// which the console's Content-Security-Policy (style-src 'self') blocks.
(function () {
  "use strict";

  function monthsOption(data) {
    return {
      aria: { enabled: true },
      animation: false,
      tooltip: { trigger: "axis", renderMode: "richText" },
      xAxis: { type: "category", data: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"] },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ name: "主动公开信息", type: "bar", data: data.months }]
    };
  }

  function channelsOption(channels) {
    var names = channels.map(function (c) { return c.channel; });
    function series(name, key) {
      return { name: name, type: "bar", stack: "outcome", data: channels.map(function (c) { return c[key]; }) };
    }
    return {
      aria: { enabled: true },
      animation: false,
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0 },
      xAxis: { type: "category", data: names },
      yAxis: { type: "value", minInterval: 1 },
      series: [series("送达成功", "delivered"), series("送达失败", "failed"), series("尚在送达", "pending")]
    };
  }

  function draw() {
    if (typeof echarts === "undefined") {
      return;
    }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var data = JSON.parse(el.getAttribute("data-chart"));
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(el.getAttribute("data-kind") === "months" ? monthsOption(data) : channelsOption(data));
      el.setAttribute("data-drawn", "true");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
