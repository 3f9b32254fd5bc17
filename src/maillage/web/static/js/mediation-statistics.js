/*
 * mediation-statistics.js: the chart by month and the map of communes of the mediation
 * statistics pages (/mediation/statistiques/, /statistiques/partage/<token>/). No framework.
 *
 * Contract: the page holds <canvas id="mediation-chart">, <div id="mediation-map"> and
 *   <script type="application/json" id="mediation-stats-data">{…}</script>
 * with
 *   months        ["01/2026", …]; activities, participants: one number per month
 *   communes      [code, name, latitude, longitude, people]
 *   texts         words of the legend, popups and controls, in the visitor's language
 * and loads chart.js and leaflet.js (deferred) before this file. Each draws only if its
 * library loaded; the tables of the page say everything either shows.
 * Communes are circles whose area is proportional to the people accompanied. When drawn,
 * the map container gets data-communes (a count, for tests).
 */
(function () {
  "use strict";

  var TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var ATTRIBUTION =
    '&copy; <a href="https://www.openstreetmap.org/copyright">les contributeurs d’OpenStreetMap</a>';
  var BRAND = "#0b4f8a";
  var ACCENT = "#b34700";

  function fill(template, values) {
    return String(template).replace(/%\((\w+)\)s/g, function (whole, name) {
      return values[name] !== undefined ? values[name] : whole;
    });
  }

  function number(value) {
    var lang = document.documentElement.lang || "fr";
    return Number(value).toLocaleString(lang);
  }

  function drawChart(canvas, data) {
    if (typeof Chart === "undefined" || !canvas) return;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.months,
        datasets: [
          { label: data.texts.activities, data: data.activities, backgroundColor: BRAND },
          { label: data.texts.participants, data: data.participants, backgroundColor: ACCENT }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  function drawMap(container, data) {
    if (typeof L === "undefined" || !container || !data.communes.length) {
      if (container) container.hidden = !data.communes.length;
      return;
    }
    var map = L.map(container, { scrollWheelZoom: false, zoomControl: false, zoomSnap: 0.25 });
    L.control.zoom({ zoomInTitle: data.texts.zoomIn, zoomOutTitle: data.texts.zoomOut }).addTo(map);
    L.tileLayer(TILES, { maxZoom: 18, attribution: ATTRIBUTION }).addTo(map);
    map.attributionControl.setPrefix(false);
    map.on("focus click", function () {
      map.scrollWheelZoom.enable();
    });
    map.on("popupopen", function (event) {
      var button = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (button) button.setAttribute("aria-label", data.texts.close);
    });
    var largest = data.communes.reduce(function (top, c) {
      return Math.max(top, c[4]);
    }, 1);
    var layer = L.featureGroup();
    data.communes.forEach(function (commune) {
      var radius = 4 + 22 * Math.sqrt(commune[4] / largest);
      L.circleMarker([commune[2], commune[3]], {
        radius: radius,
        color: "#ffffff",
        weight: 1,
        fillColor: BRAND,
        fillOpacity: 0.65
      })
        .bindPopup(function () {
          var box = document.createElement("div");
          var title = document.createElement("strong");
          title.textContent = commune[1];
          var line = document.createElement("p");
          line.textContent = fill(data.texts.people, { count: number(commune[4]) });
          box.appendChild(title);
          box.appendChild(line);
          return box;
        })
        .addTo(layer);
    });
    layer.addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [16, 16], maxZoom: 12 });
    container.dataset.communes = String(data.communes.length);
  }

  function start() {
    var source = document.getElementById("mediation-stats-data");
    if (!source) return;
    var data;
    try {
      data = JSON.parse(source.textContent);
    } catch (error) {
      return;
    }
    try {
      drawChart(document.getElementById("mediation-chart"), data);
    } catch (error) {
      /* the table says it all */
    }
    var container = document.getElementById("mediation-map");
    try {
      drawMap(container, data);
    } catch (error) {
      if (container) {
        var note = document.createElement("p");
        note.className = "mediation-map-note";
        note.textContent = data.texts.failed;
        container.appendChild(note);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
