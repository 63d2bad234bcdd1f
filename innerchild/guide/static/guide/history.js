// Distress before and after each session, drawn with Chart.js from the page's JSON data.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("guide-chart-data");
    var canvas = document.getElementById("guide-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var styles = getComputedStyle(document.documentElement);
    var accent = styles.getPropertyValue("--accent").trim() || "#2f5d50";
    var muted = styles.getPropertyValue("--muted").trim() || "#57514a";
    var reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          { label: data.before_label, data: data.before, borderColor: muted, backgroundColor: muted, borderDash: [6, 4], tension: 0.2 },
          { label: data.after_label, data: data.after, borderColor: accent, backgroundColor: accent, tension: 0.2 }
        ]
      },
      options: {
        animation: reduce ? false : { duration: 400 },
        maintainAspectRatio: false,
        scales: { y: { min: 0, max: 10, ticks: { stepSize: 2 } } },
        plugins: {
          tooltip: { callbacks: { title: function (items) { var i = items[0].dataIndex; return data.labels[i] + " · " + data.titles[i]; } } }
        }
      }
    });
  });
})();
