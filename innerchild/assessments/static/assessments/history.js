// Draws the history chart from the JSON block on the page; the table next to it has the same data.
(function () {
  "use strict";

  var COLOURS = ["#2f5d50", "#9b5d2e", "#3c5a99"];

  function draw() {
    var canvas = document.getElementById("history-chart");
    var source = document.getElementById("history-data");
    if (!canvas || !source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series, index) {
          var colour = COLOURS[index % COLOURS.length];
          return {
            label: series.label,
            data: series.values,
            borderColor: colour,
            backgroundColor: colour,
            pointRadius: 4,
            pointStyle: ["circle", "rect", "triangle"][index % 3],
            tension: 0
          };
        })
      },
      options: {
        animation: reduceMotion ? false : undefined,
        maintainAspectRatio: false,
        scales: { y: { min: data.min, max: data.max } },
        plugins: { legend: { display: true } }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
