// Trigger charts. Data comes from a json_script block; the tables beside show the same figures.
(function () {
  "use strict";

  function colour(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("trigger-chart-data");
    if (!source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var accent = colour("--accent", "#2f5d50");
    var text = colour("--text", "#23201c");
    window.Chart.defaults.color = text;
    var reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var needs = document.getElementById("trigger-needs-chart");
    if (needs) {
      new window.Chart(needs, {
        type: "bar",
        data: {
          labels: data.needs.labels,
          datasets: [{ label: data.needs.countLabel, data: data.needs.counts, backgroundColor: accent }]
        },
        options: { animation: !reduced, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      });
    }
    var weeks = document.getElementById("trigger-weeks-chart");
    if (weeks) {
      new window.Chart(weeks, {
        type: "line",
        data: {
          labels: data.weeks.labels,
          datasets: [{ label: data.weeks.averageLabel, data: data.weeks.averages, borderColor: accent, backgroundColor: accent }]
        },
        options: { animation: !reduced, scales: { y: { min: 0, max: 10 } } }
      });
    }
  });
})();
