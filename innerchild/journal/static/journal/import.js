// Journal upload with a progress bar. Without JavaScript the form posts as usual; with it, the
// file goes through XMLHttpRequest so its upload progress can be shown, and the page then moves
// to the result (or shows the form again with its message).
(function () {
  "use strict";

  function say(form, text) {
    var status = form.querySelector("[data-upload-status]");
    if (status) { status.textContent = text; }
  }

  function showError(form, text) {
    var note = form.querySelector("[data-upload-error]");
    if (!note) {
      note = document.createElement("p");
      note.className = "error";
      note.setAttribute("role", "alert");
      note.setAttribute("data-upload-error", "");
      form.insertBefore(note, form.firstChild);
    }
    note.textContent = text;
  }

  function replaceMain(html, url) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var fresh = page.querySelector("main");
    var main = document.querySelector("main");
    if (!fresh || !main) { return false; }
    main.replaceWith(fresh);
    document.title = page.title || document.title;
    if (url && window.history && window.history.replaceState) {
      window.history.replaceState(null, "", url);
    }
    setupAll(fresh);
    var invalid = fresh.querySelector("[aria-invalid=true], .error");
    (invalid || fresh).focus();
    return true;
  }

  function setup(form) {
    if (form.dataset.uploadReady) { return; }
    form.dataset.uploadReady = "1";
    form.addEventListener("submit", function (event) {
      // The page-wide size guard (core/app.js) may already have stopped this submit.
      if (event.defaultPrevented || !window.FormData || !window.XMLHttpRequest) { return; }
      var input = form.querySelector("input[type=file]");
      var limit = parseInt(form.dataset.maxBytes || "0", 10);
      if (input && input.files && input.files.length && limit && input.files[0].size > limit) {
        event.preventDefault();
        showError(form, form.dataset.tooLargeMessage);
        return;
      }
      if (!input || !input.files || !input.files.length) { return; }  // the browser says why
      event.preventDefault();
      var box = form.querySelector("[data-upload-progress]");
      var bar = box && box.querySelector("progress");
      var button = form.querySelector("button[type=submit]");
      var lastTenth = -1;
      if (box) { box.hidden = false; }
      if (button) { button.disabled = true; }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.upload.addEventListener("progress", function (progress) {
        if (!progress.lengthComputable || !bar) { return; }
        var percent = Math.floor((progress.loaded / progress.total) * 100);
        bar.value = percent;
        // Announce every tenth, not every step: a screen reader would read them all.
        if (Math.floor(percent / 10) !== lastTenth) {
          lastTenth = Math.floor(percent / 10);
          say(form, form.dataset.sendingMessage + " " + percent + "%");
        }
      });
      xhr.upload.addEventListener("load", function () {
        if (bar) { bar.removeAttribute("value"); }
        say(form, form.dataset.checkingMessage);
      });
      xhr.addEventListener("load", function () {
        if (xhr.status < 400 && xhr.responseURL && xhr.responseURL !== form.action) {
          window.location.assign(xhr.responseURL);
          return;
        }
        if (!replaceMain(xhr.responseText, form.action)) {
          showError(form, form.dataset.failedMessage);
          if (button) { button.disabled = false; }
        }
      });
      xhr.addEventListener("error", function () {
        if (box) { box.hidden = true; }
        if (button) { button.disabled = false; }
        showError(form, form.dataset.failedMessage);
      });
      xhr.send(new FormData(form));
    });
  }

  function setupAll(root) {
    Array.prototype.forEach.call(root.querySelectorAll("form[data-upload-form]"), setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setupAll(document); });
  } else {
    setupAll(document);
  }
})();
