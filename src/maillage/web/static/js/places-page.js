/*
 * places-page.js: the search page /lieux/, on top of htmx. Everything here is an
 * enhancement: without it the form, the list and "Voir plus de lieux" work as plain pages.
 *
 * - "Autour de moi" asks the browser for the visitor's position and fills the hidden
 *   lat/lon fields (rounded to about 100 m: the address gets shared), then searches;
 *   typing a commune forgets the position.
 * - Empty fields leave the address (`?q=&service=&…`), so shared links stay short.
 * - After the back button, htmx restores a snapshot of the page whose form shows the values
 *   it was rendered with: the fields are set again from the address.
 * - On a narrow screen, "Liste" and "Carte" switch between the two halves of the results.
 * - After "Voir plus de lieux", the focus moves to the first new place.
 * Delegated listeners: htmx's history restore replaces the whole body.
 */
(function () {
  "use strict";

  var FORM = "places-form";
  var POSITION_DIGITS = 3;
  var TEXTS = {
    locating: "Recherche de votre position…",
    located: "Position trouvée.",
    unavailable: "Votre position n'est pas disponible : saisissez une commune ou un code postal."
  };

  function form() {
    return document.getElementById(FORM);
  }

  function field(name) {
    var found = form();
    return found ? found.elements.namedItem(name) : null;
  }

  function showPosition(shown) {
    var note = document.querySelector("[data-position-note]");
    if (note) note.hidden = !shown;
    var clear = document.querySelector("[data-clear-position]");
    if (clear) clear.hidden = !shown;
  }

  function forgetPosition() {
    ["lat", "lon"].forEach(function (name) {
      var input = field(name);
      if (input) input.value = "";
    });
    showPosition(false);
  }

  function submit() {
    var found = form();
    if (!found) return;
    if (found.requestSubmit) found.requestSubmit();
    else found.submit();
  }

  function locate(button) {
    var status = document.querySelector("[data-locate-status]");
    var say = function (text) {
      if (status) status.textContent = text;
    };
    say(button.dataset.locating || TEXTS.locating);
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        button.disabled = false;
        say(button.dataset.located || TEXTS.located);
        field("lat").value = position.coords.latitude.toFixed(POSITION_DIGITS);
        field("lon").value = position.coords.longitude.toFixed(POSITION_DIGITS);
        var commune = field("commune");
        if (commune) commune.value = "";
        showPosition(true);
        submit();
      },
      function () {
        button.disabled = false;
        say(button.dataset.unavailable || TEXTS.unavailable);
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 }
    );
  }

  /* Set every field of the form from the address (after a history restore). */
  function fillFromAddress() {
    var found = form();
    if (!found) return;
    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(found.elements, function (input) {
      if (!input.name) return;
      var values = params.getAll(input.name);
      if (input.type === "checkbox" || input.type === "radio") {
        input.checked = values.indexOf(input.value) >= 0;
      } else if (input.tagName === "SELECT") {
        var chosen = false;
        Array.prototype.forEach.call(input.options, function (option) {
          option.selected = values.indexOf(option.value) >= 0;
          chosen = chosen || option.selected;
        });
        if (!chosen && input.options.length) {
          var fallback = input.querySelector("option[data-default]") || input.options[0];
          fallback.selected = true;
        }
      } else if (input.type !== "button" && input.type !== "submit") {
        input.value = values.length ? values[0] : "";
      }
    });
    showPosition(Boolean(params.get("lat")));
    var more = found.querySelector("details");
    if (more && more.dataset.parameters) {
      more.open = more.dataset.parameters.split(" ").some(function (name) {
        return params.get(name);
      });
    }
  }

  function setView(view) {
    var container = document.querySelector(".places-view");
    if (!container) return;
    container.dataset.view = view;
    container.querySelectorAll("[data-show]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.show === view));
    });
  }

  function enhance() {
    var locateButton = document.querySelector("[data-locate]");
    if (locateButton && "geolocation" in navigator) locateButton.hidden = false;
    var position = field("lat");
    showPosition(Boolean(position && position.value));
    var switcher = document.querySelector(".places-switch");
    if (switcher) {
      switcher.hidden = false;
      document.querySelector(".places-view").classList.add("places-view--switch");
      setView(document.querySelector(".places-view").dataset.view || "list");
    }
  }

  document.addEventListener("click", function (event) {
    var locateButton = event.target.closest("[data-locate]");
    if (locateButton) {
      locate(locateButton);
      return;
    }
    if (event.target.closest("[data-clear-position]")) {
      forgetPosition();
      submit();
      return;
    }
    var show = event.target.closest(".places-switch [data-show]");
    if (show) setView(show.dataset.show);
  });

  document.addEventListener("input", function (event) {
    if (event.target.name === "commune" && event.target.form && event.target.form.id === FORM) {
      forgetPosition();
    }
  });

  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.elt || event.detail.elt.id !== FORM) return;
    var parameters = event.detail.parameters;
    var names = [];
    parameters.forEach(function (value, name) {
      if (names.indexOf(name) < 0) names.push(name);
    });
    names.forEach(function (name) {
      var kept = parameters.getAll(name).filter(function (value) {
        return String(value).trim() !== "";
      });
      parameters.delete(name);
      kept.forEach(function (value) {
        parameters.append(name, value);
      });
    });
    // The radius means nothing without a place to measure from.
    if (!parameters.get("commune") && !parameters.get("lat")) parameters.delete("radius");
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var first = document.querySelector("#places-list [data-page-first]");
    if (first) {
      first.removeAttribute("data-page-first");
      first.focus();
    }
  });

  document.addEventListener("htmx:historyRestore", function () {
    fillFromAddress();
    enhance();
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhance);
  else enhance();
})();
