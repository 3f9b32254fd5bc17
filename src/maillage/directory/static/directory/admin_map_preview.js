/* Map preview of a point on the admin change forms of places and organisations.
 *
 * directory/admin.py renders a `[data-map-preview]` element (role="img") carrying the point
 * (data-lat, data-lon), the ids of the inputs to follow and the texts to show. This script
 * draws the point with Leaflet and moves it while the latitude and longitude are typed. The
 * map is a picture, not a widget: no dragging, zooming or keyboard focus, and the tiles'
 * attribution is a caption outside it, so nothing focusable sits inside role="img".
 * Without Leaflet (assets not installed) the status line and the label still say it all.
 */
(function () {
  "use strict";

  var EXACT_ZOOM = 16;
  var APPROXIMATE_ZOOM = 13;
  var EXACT_STYLE = {
    radius: 8, color: "#0b3d91", weight: 3, fillColor: "#3c78d8", fillOpacity: 0.9, dashArray: null,
  };
  var APPROXIMATE_STYLE = {
    radius: 14, color: "#8a4b00", weight: 3, fillColor: "#e69138", fillOpacity: 0.35,
    dashArray: "6 4",
  };

  function parseCoordinate(text, limit) {
    if (text === undefined || text === null) {
      return null;
    }
    var cleaned = String(text).trim().replace(",", ".");
    if (cleaned === "") {
      return null;
    }
    var value = Number(cleaned);
    return Number.isFinite(value) && Math.abs(value) <= limit ? value : null;
  }

  function formatCoordinate(value) {
    return String(Number(value.toFixed(6)));
  }

  function byId(id) {
    return id ? document.getElementById(id) : null;
  }

  function setUp(element) {
    var data = element.dataset;
    var frame = element.parentElement;
    var status = byId(element.getAttribute("aria-describedby"));
    var latitudeInput = byId(data.latitudeInput);
    var longitudeInput = byId(data.longitudeInput);
    var exactInput = byId(data.exactInput);
    var map = null;
    var marker = null;

    function point() {
      return {
        latitude: parseCoordinate(latitudeInput ? latitudeInput.value : data.lat, 90),
        longitude: parseCoordinate(longitudeInput ? longitudeInput.value : data.lon, 180),
        approximate: exactInput ? !exactInput.checked : data.approximate === "true",
      };
    }

    function draw() {
      var current = point();
      var located = current.latitude !== null && current.longitude !== null;
      if (status) {
        status.textContent = !located
          ? data.textEmpty
          : current.approximate ? data.textApproximate : "";
      }
      frame.hidden = !located;
      if (!located) {
        element.setAttribute("aria-label", data.textEmpty);
        data.lat = "";
        data.lon = "";
        return;
      }
      data.lat = formatCoordinate(current.latitude);
      data.lon = formatCoordinate(current.longitude);
      element.setAttribute(
        "aria-label",
        data.label.replace("{latitude}", data.lat).replace("{longitude}", data.lon)
      );
      if (typeof window.L === "undefined") {
        return;
      }
      var position = [current.latitude, current.longitude];
      if (map === null) {
        map = window.L.map(element, {
          attributionControl: false,
          zoomControl: false,
          dragging: false,
          touchZoom: false,
          doubleClickZoom: false,
          scrollWheelZoom: false,
          boxZoom: false,
          keyboard: false,
        });
        window.L.tileLayer(data.tiles, { maxZoom: 19 }).addTo(map);
        marker = window.L.circleMarker(position, { interactive: false }).addTo(map);
      } else {
        // The frame may just have been shown again: let Leaflet measure it.
        map.invalidateSize();
        marker.setLatLng(position);
      }
      marker.setStyle(current.approximate ? APPROXIMATE_STYLE : EXACT_STYLE);
      map.setView(position, current.approximate ? APPROXIMATE_ZOOM : EXACT_ZOOM);
    }

    [latitudeInput, longitudeInput].forEach(function (input) {
      if (input) {
        input.addEventListener("input", draw);
        input.addEventListener("change", draw);
      }
    });
    if (exactInput) {
      exactInput.addEventListener("change", draw);
    }
    draw();
  }

  function start() {
    document.querySelectorAll("[data-map-preview]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
