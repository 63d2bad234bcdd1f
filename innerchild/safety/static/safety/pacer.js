// Box-breathing pacer: four phases of four seconds. The moving dot is CSS; reduced motion hides it.
(function () {
  "use strict";

  var PHASE_MS = 4000;

  function setUp(pacer) {
    var label = pacer.querySelector("[data-pacer-label]");
    var toggle = pacer.querySelector("[data-pacer-toggle]");
    if (!label || !toggle) { return; }
    var phases = [pacer.dataset.labelIn, pacer.dataset.labelHold, pacer.dataset.labelOut, pacer.dataset.labelHold];
    var timer = null;
    var step = 0;

    function show() {
      label.textContent = phases[step % phases.length];
      step += 1;
    }

    function stop() {
      window.clearInterval(timer);
      timer = null;
      pacer.classList.remove("running");
      toggle.textContent = toggle.dataset.labelStart;
      toggle.setAttribute("aria-pressed", "false");
    }

    function start() {
      step = 0;
      show();
      timer = window.setInterval(show, PHASE_MS);
      pacer.classList.add("running");
      toggle.textContent = toggle.dataset.labelStop;
      toggle.setAttribute("aria-pressed", "true");
    }

    toggle.hidden = false;
    toggle.setAttribute("aria-pressed", "false");
    toggle.addEventListener("click", function () {
      if (timer) { stop(); } else { start(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-pacer]").forEach(setUp);
  });
})();
