// The session player: paced lines, breathing, timers and optional reading aloud.
// Without this file every line shows at once and every step still works.
(function () {
  "use strict";

  var player = null;
  var synth = "speechSynthesis" in window ? window.speechSynthesis : null;

  function settings() {
    var root = player || document.querySelector("[data-player]");
    var data = root ? root.dataset : {};
    return {
      voiceOn: data.voiceOn === "1" && !!synth,
      voice: data.voice || "",
      rate: parseFloat(data.rate) || 0.9,
      pitch: parseFloat(data.pitch) || 1,
      lang: data.lang || document.documentElement.lang || "en"
    };
  }

  function findVoice(name, lang) {
    if (!synth) { return null; }
    var voices = synth.getVoices();
    var match = voices.filter(function (v) { return v.name === name; })[0];
    return match || voices.filter(function (v) { return v.lang && v.lang.indexOf(lang) === 0; })[0] || null;
  }

  // Speak `text`; resolves when done (or at once when the voice is off or fails).
  function speak(text, options) {
    var s = options || settings();
    return new Promise(function (resolve) {
      if (!s.voiceOn && !(options && options.force)) { resolve(); return; }
      var utterance = new SpeechSynthesisUtterance(text);
      var voice = findVoice(s.voice, s.lang);
      if (voice) { utterance.voice = voice; }
      utterance.lang = voice ? voice.lang : s.lang;
      utterance.rate = s.rate;
      utterance.pitch = s.pitch;
      utterance.onend = resolve;
      utterance.onerror = resolve;
      synth.speak(utterance);
    });
  }

  function stopSpeaking() { if (synth) { synth.cancel(); } }

  function readingMs(text) {
    return Math.min(8000, 1200 + text.split(/\s+/).length * 250);
  }

  function setToggle(button, state) {
    button.dataset.state = state;
    button.textContent = button.dataset["label" + state.charAt(0).toUpperCase() + state.slice(1)];
    button.setAttribute("aria-pressed", state === "pause" ? "true" : "false");
  }

  // Lines revealed one by one, each followed by its pause in seconds.
  function pacedLines(root) {
    var list = root.querySelector("[data-paced-lines]");
    var controls = root.querySelector("[data-paced-controls]");
    var toggle = root.querySelector("[data-paced-toggle]");
    var showAll = root.querySelector("[data-paced-all]");
    var status = root.querySelector("[data-paced-status]");
    var audio = root.querySelector("[data-paced-audio]");
    if (!list || !controls || audio) { return; }  // a recording paces itself; the words stay as a transcript
    var items = Array.prototype.slice.call(list.querySelectorAll("li"));
    var next = 0, timer = null, running = false, run = 0;
    // The first line stays readable before Start; Start paces the rest from the beginning.
    items.forEach(function (li, i) { li.hidden = i > 0; });
    list.setAttribute("aria-live", "polite");
    controls.hidden = false;
    status.textContent = "";

    function finish() {
      running = false;
      toggle.hidden = true;
      showAll.hidden = true;
      status.textContent = root.dataset.doneText || "";
    }

    function step() {
      if (!running) { return; }
      if (next >= items.length) { finish(); return; }
      var li = items[next];
      items.forEach(function (other) { other.classList.remove("is-current"); });
      li.hidden = false;
      li.classList.add("is-revealed", "is-current");
      next += 1;
      var mine = run;
      var s = settings();
      speak(li.textContent, s).then(function () {
        if (!running || mine !== run) { return; }
        var wait = parseInt(li.dataset.pause, 10) * 1000 + (s.voiceOn ? 0 : readingMs(li.textContent));
        timer = window.setTimeout(step, wait);
      });
    }

    toggle.addEventListener("click", function () {
      if (running) {
        running = false;
        run += 1;
        window.clearTimeout(timer);
        stopSpeaking();
        setToggle(toggle, "resume");
      } else {
        running = true;
        setToggle(toggle, "pause");
        step();
      }
    });
    showAll.addEventListener("click", function () {
      running = false;
      run += 1;
      window.clearTimeout(timer);
      stopSpeaking();
      items.forEach(function (li) { li.hidden = false; li.classList.remove("is-current"); });
      next = items.length;
      finish();
    });
  }

  // A breathing pattern: in, hold, out, rest, for a number of cycles, with a counting display.
  function breath(root) {
    var controls = root.querySelector("[data-breath-controls]");
    var toggle = root.querySelector("[data-breath-toggle]");
    var circle = root.querySelector("[data-breath-circle]");
    var phaseText = root.querySelector("[data-breath-phase]");
    var d = root.dataset;
    var phases = [
      ["in", parseInt(d.in, 10), d.sayIn],
      ["hold", parseInt(d.hold, 10), d.sayHold],
      ["out", parseInt(d.out, 10), d.sayOut],
      ["rest", parseInt(d.rest, 10), d.sayRest]
    ].filter(function (p) { return p[1] > 0; });
    var cycles = parseInt(d.cycles, 10);
    var cycle = 0, phase = 0, left = 0, ticker = null, running = false;
    controls.hidden = false;

    function show() {
      var p = phases[phase];
      phaseText.textContent = p[2] + " · " + left;
    }

    function enterPhase() {
      var p = phases[phase];
      left = p[1];
      circle.style.transitionDuration = p[1] + "s";
      if (p[0] === "in") { circle.classList.add("is-full"); }
      if (p[0] === "out") { circle.classList.remove("is-full"); }
      show();
      speak(p[2]);
    }

    function tick() {
      left -= 1;
      if (left > 0) { show(); return; }
      phase += 1;
      if (phase >= phases.length) { phase = 0; cycle += 1; }
      if (cycle >= cycles) {
        window.clearInterval(ticker);
        running = false;
        toggle.hidden = true;
        circle.classList.remove("is-full");
        phaseText.textContent = d.sayDone;
        speak(d.sayDone);
        return;
      }
      enterPhase();
    }

    toggle.addEventListener("click", function () {
      if (running) {
        running = false;
        window.clearInterval(ticker);
        stopSpeaking();
        setToggle(toggle, "resume");
      } else {
        running = true;
        setToggle(toggle, "pause");
        if (left <= 0) { enterPhase(); } else { show(); }
        ticker = window.setInterval(tick, 1000);
      }
    });
  }

  // A suggested time for writing: a countdown that can be paused; nothing happens when it ends.
  function countdown(root) {
    var controls = root.querySelector("[data-timer-controls]");
    var toggle = root.querySelector("[data-timer-toggle]");
    var display = root.querySelector("[data-timer-display]");
    var status = root.querySelector("[data-timer-status]");
    var left = parseInt(root.dataset.timer, 10), ticker = null, running = false;
    controls.hidden = false;

    function show() {
      var m = Math.floor(left / 60), s = left % 60;
      display.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    }
    show();
    toggle.addEventListener("click", function () {
      if (running) {
        running = false;
        window.clearInterval(ticker);
        setToggle(toggle, "resume");
        return;
      }
      running = true;
      setToggle(toggle, "pause");
      ticker = window.setInterval(function () {
        left -= 1;
        show();
        if (left <= 0) {
          window.clearInterval(ticker);
          running = false;
          toggle.hidden = true;
          status.textContent = root.dataset.sayDone;
        }
      }, 1000);
    });
  }

  // Voice settings: list the browser's voices and let the person hear one before saving.
  function voiceSettings(form) {
    var select = form.querySelector("select[name=voice_name]");
    var test = form.querySelector("[data-voice-test]");
    if (!synth || !select) {
      return;
    }
    var saved = select.value;
    function fill() {
      var voices = synth.getVoices();
      if (!voices.length) { return; }
      var keep = select.options[0];
      select.innerHTML = "";
      select.appendChild(keep);
      voices.forEach(function (voice) {
        var option = document.createElement("option");
        option.value = voice.name;
        option.textContent = voice.name + " (" + voice.lang + ")";
        if (voice.name === saved) { option.selected = true; }
        select.appendChild(option);
      });
    }
    fill();
    synth.addEventListener("voiceschanged", fill);
    if (test) {
      test.hidden = false;
      test.addEventListener("click", function () {
        stopSpeaking();
        speak(test.textContent, {
          force: true,
          voiceOn: true,
          voice: select.value,
          rate: parseFloat(form.querySelector("[name=rate]").value) || 0.9,
          pitch: parseFloat(form.querySelector("[name=pitch]").value) || 1,
          lang: settings().lang
        });
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    player = document.querySelector("[data-player]");
    if (!player) { return; }
    document.querySelectorAll("[data-paced]").forEach(pacedLines);
    document.querySelectorAll("[data-breath]").forEach(breath);
    document.querySelectorAll("[data-timer]").forEach(countdown);
    document.querySelectorAll("[data-voice-form]").forEach(voiceSettings);
    // Move focus to the new step's heading so screen readers announce it, unless an error
    // message is already taking focus.
    var heading = document.getElementById("step-title");
    if (heading && !document.querySelector("[data-autofocus]")) { heading.focus(); }
    // Leaving the page stops any speech.
    window.addEventListener("pagehide", stopSpeaking);
  });
})();
