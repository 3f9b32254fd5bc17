// Small behaviours that pages ask for with data attributes, so that they hold no inline script
// and no event-handler attribute (the Content-Security-Policy runs only the site's own files).
// Loaded by base.html on every page.
//
//   <button type="button" data-print hidden>…</button>
//       shown, and prints the page when pressed (without JavaScript it stays hidden).
//   <form data-confirm="Supprimer cette activité ?">…</form>
//       asks that question before sending the form; "Cancel" keeps it unsent.
//   <div tabindex="-1" data-focus-on-load>…</div>
//       takes the focus once the page is loaded (an error summary, read out first).
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm !== undefined) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    }
  });

  var focused = document.querySelector("[data-focus-on-load]");
  if (focused) focused.focus();
})();
