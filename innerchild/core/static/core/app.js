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
