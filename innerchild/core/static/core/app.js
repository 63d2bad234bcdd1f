// Shared behaviour. No inline scripts anywhere: pages opt in with data- attributes.
(function () {
  "use strict";

  function focusFirstError() {
    var target = document.querySelector("[data-autofocus]");
    if (target) { target.focus(); }
  }

  function confirmForms(root) {
    root.querySelectorAll("form[data-confirm]").forEach(function (form) {
      if (form.dataset.confirmBound) { return; }
      form.dataset.confirmBound = "1";
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
      });
    });
  }

  function printButtons(root) {
    root.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // A body over the server's limit would be refused whole; stop it here so nothing typed is lost.
  function formBytes(form) {
    var total = 0;
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.disabled) { return; }
      if (field.type === "file") {
        Array.prototype.forEach.call(field.files || [], function (file) { total += file.size; });
      } else if (typeof field.value === "string") {
        total += field.name.length + encodeURIComponent(field.value).length + 2;
      }
    });
    return total;
  }

  function guardRequestSize(event) {
    var form = event.target;
    var limit = parseInt(document.body.dataset.maxRequestBytes || "0", 10);
    if (!limit || !form.matches || !form.matches("form[method=post], form[method=POST]")) { return; }
    if (formBytes(form) <= limit) { return; }
    event.preventDefault();
    // The form's own submit handlers must not act on a submit that never happens (autosave
    // stops once it sees a submit, and a confirm dialog would ask about nothing).
    event.stopImmediatePropagation();
    var note = form.querySelector("[data-too-large]");
    if (!note) {
      note = document.createElement("p");
      note.className = "error";
      note.setAttribute("role", "alert");
      note.setAttribute("data-too-large", "");
      form.insertBefore(note, form.firstChild);
    }
    note.textContent = document.body.dataset.tooLargeMessage;
  }

  document.addEventListener("submit", guardRequestSize, true);

  document.addEventListener("DOMContentLoaded", function () {
    focusFirstError();
    confirmForms(document);
    printButtons(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) { confirmForms(event.target); });
  // htmx needs the CSRF token on every unsafe request; it is read from the cookie-free form token.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
  });
})();
