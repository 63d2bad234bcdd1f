// Journal pages: autosave of drafts and "add two more turns" for dialogues. Without JavaScript
// the forms still save normally; this only adds convenience.
(function () {
  "use strict";
  var INTERVAL_MS = 4000;

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setUpAutosave(form) {
    var url = form.dataset.autosave;
    var status = form.querySelector("[data-autosave-status]");
    var dirty = false;
    var busy = false;
    var submitting = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { submitting = true; });

    function save() {
      if (!dirty || busy || submitting) { return; }
      dirty = false;
      busy = true;
      fetch(url, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(form) }
      }).then(function (response) {
        return response.json().then(function (body) {
          if (status) { status.textContent = response.ok ? body.message : (body.error || ""); }
          if (!response.ok) { dirty = true; }
        });
      }).catch(function () {
        dirty = true;
      }).then(function () {
        busy = false;
      });
    }

    window.setInterval(save, INTERVAL_MS);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { save(); }
    });
  }

  function setUpTurns(button) {
    var box = button.closest("[data-turns]");
    var max = parseInt(box.dataset.maxTurns || "60", 10);
    button.hidden = false;
    button.addEventListener("click", function () {
      var turns = box.querySelectorAll(".turn");
      var count = turns.length;
      if (count + 2 > max) { button.hidden = true; return; }
      [turns[count - 2], turns[count - 1]].forEach(function (turn, offset) {
        var clone = turn.cloneNode(true);
        var area = clone.querySelector("textarea");
        var label = clone.querySelector("label");
        var index = count + offset;
        area.name = "turn_" + index;
        area.id = "id_turn_" + index;
        area.value = "";
        area.removeAttribute("aria-describedby");
        area.removeAttribute("aria-invalid");
        if (label) { label.htmlFor = area.id; }
        var number = clone.querySelector("[data-turn-number]");
        if (number) { number.textContent = String(index + 1); }
        clone.classList.remove("field-invalid");
        clone.querySelectorAll(".errors").forEach(function (el) { el.remove(); });
        box.insertBefore(clone, button);
      });
      box.querySelectorAll("textarea")[count].focus();
      if (count + 4 > max) { button.hidden = true; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-autosave]").forEach(setUpAutosave);
    document.querySelectorAll("[data-add-turns]").forEach(setUpTurns);
  });
})();
