/*
 * mediation-form.js: the one-minute entry form of a mediation activity
 * (/mediation/nouvelle/, /mediation/activite/<id>/). No framework.
 *
 * Without this file every part of the form shows, each saying when it applies. With it:
 * - parts marked data-show-kind="individual procedure" show only for those types of
 *   activity (the radios name="kind"); data-show-place-kind="home other" likewise for
 *   where it took place (name="place_kind"); data-show-person="new" only when "Nouvelle
 *   personne" is chosen (name="beneficiary"); data-show-duration="autre" only when the
 *   "Autre" duration chip is chosen;
 * - the duration chips and the "other duration" field agree: typing a duration chooses
 *   "Autre", choosing a chip empties the field;
 * - the error summary, when there is one, takes the focus.
 * Hidden parts are `hidden` (out of the accessibility tree and of the tab order); their
 * inputs are still sent, and the server ignores what does not apply.
 */
(function () {
  "use strict";

  function checked(form, name) {
    var input = form.querySelector('input[name="' + name + '"]:checked');
    return input ? input.value : "";
  }

  function toggle(form, attribute, value) {
    form.querySelectorAll("[" + attribute + "]").forEach(function (part) {
      var wanted = part.getAttribute(attribute).split(" ");
      part.hidden = wanted.indexOf(value) === -1;
    });
  }

  function refresh(form) {
    toggle(form, "data-show-kind", checked(form, "kind"));
    toggle(form, "data-show-place-kind", checked(form, "place_kind"));
    toggle(form, "data-show-person", checked(form, "beneficiary"));
    toggle(form, "data-show-duration", checked(form, "duration"));
  }

  function start() {
    var form = document.getElementById("mediation-form");
    if (!form) return;
    var errors = document.getElementById("mediation-errors");
    if (errors) errors.focus();
    var other = form.querySelector('input[name="duration_other"]');
    form.addEventListener("change", function (event) {
      var target = event.target;
      if (target.name === "duration" && target.value !== "autre" && other) other.value = "";
      refresh(form);
      if (target.name === "duration" && target.value === "autre" && other) other.focus();
    });
    if (other) {
      other.addEventListener("input", function () {
        var chip = form.querySelector('input[name="duration"][value="autre"]');
        if (chip && other.value) chip.checked = true;
      });
    }
    refresh(form);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
