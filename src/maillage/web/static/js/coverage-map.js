/*
 * coverage-map.js: the map of the coverage page (/territoire/couverture/), and two touches
 * to its form. No framework.
 *
 * Contract
 * --------
 * The page loads static/vendor/leaflet/leaflet.css (in <head>), then leaflet.js and this
 * file (deferred), and holds
 *
 *   <div class="coverage-map" id="coverage-map" role="region" aria-label="…"></div>
 *   <script type="application/json" id="coverage-map-data">{…}</script>
 *
 * The JSON (written by web/views/coverage.py) holds:
 *   mode        "polygons" (each commune's simplified boundary) or "points" (France)
 *   colours     one colour per distance class, the last for "no place at all"
 *   labels      the classes' words, same order
 *   communes    [code, name, population, nearest_km|null, class, white (0|1),
 *                new site rank|0, latitude, longitude, GeoJSON geometry|null]
 *   places      [latitude, longitude, name, id, kinds in words]: existing places
 *   sites       {rank, name, url, lat, lon, population, communes}: recommended sites
 *   texts       the words of popups and controls, in the visitor's language
 *
 * Communes are filled by class; white zones (no place within the radius) get a dark dashed
 * outline. Existing places are small dark dots; recommended sites are numbered markers,
 * keyboard-focusable buttons named "Nouveau site n° 1 : <commune>", whose popup says what
 * each adds. Tiles come from tile.openstreetmap.org; without network the map stays grey and
 * what it draws still shows. When drawn, the container gets data-sites and data-communes
 * (counts, for tests).
 *
 * Accessibility: the map is a region named by its aria-label; the page's legend and tables
 * say everything it shows, it adds nothing of its own.
 *
 * The form: the error summary, when there is one, takes the focus; checking a département
 * selects "départements" as the area, choosing a région selects "région"; on submit the
 * button says the study is running.
 */
(function () {
  "use strict";

  var TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var ATTRIBUTION =
    '&copy; <a href="https://www.openstreetmap.org/copyright">les contributeurs d’OpenStreetMap</a>';
  var INK = "#1b1b1b";

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (whole, name) {
      return values[name] !== undefined ? values[name] : whole;
    });
  }

  function number(value, digits) {
    var lang = document.documentElement.lang || "fr";
    return Number(value).toLocaleString(lang, { maximumFractionDigits: digits || 0 });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(href, text) {
    var anchor = element("a", "", text);
    anchor.href = href;
    return anchor;
  }

  function communePopup(commune, data) {
    var texts = data.texts;
    var box = element("div", "coverage-popup");
    var title = element("p", "coverage-popup-title");
    title.appendChild(link("/territoire/" + encodeURIComponent(commune[0]) + "/", commune[1]));
    box.appendChild(title);
    box.appendChild(element("p", "", fill(texts.commune, { population: number(commune[2]) })));
    box.appendChild(
      element(
        "p",
        "",
        commune[3] === null
          ? texts.noPlace
          : fill(texts.nearest, { distance: number(commune[3], 1) })
      )
    );
    if (commune[5]) box.appendChild(element("p", "coverage-popup-white", texts.white));
    if (commune[6]) {
      box.appendChild(element("p", "", fill(texts.coveredBySite, { rank: commune[6] })));
    }
    return box;
  }

  function sitePopup(site, data) {
    var texts = data.texts;
    var box = element("div", "coverage-popup");
    var title = element("p", "coverage-popup-title");
    title.appendChild(link(site.url, fill(texts.site, { rank: site.rank, name: site.name })));
    box.appendChild(title);
    var adds = site.communes === 1 ? texts.siteAddsOne : texts.siteAdds;
    box.appendChild(
      element("p", "", fill(adds, { population: number(site.population), communes: number(site.communes) }))
    );
    return box;
  }

  function placePopup(place, data) {
    var box = element("div", "coverage-popup");
    var title = element("p", "coverage-popup-title");
    title.appendChild(link("/lieux/" + encodeURIComponent(place[3]) + "/", place[2]));
    box.appendChild(title);
    box.appendChild(element("p", "", place[4] || data.texts.place));
    return box;
  }

  function communeStyle(commune, data) {
    var white = commune[5] === 1;
    return {
      fillColor: data.colours[commune[4]],
      fillOpacity: 0.72,
      color: white ? INK : "#5c5c5c",
      weight: white ? 2.2 : 0.6,
      opacity: white ? 1 : 0.6,
      dashArray: white ? "5 4" : null
    };
  }

  function drawCommunes(map, data, renderer) {
    var layer = L.featureGroup();
    var whites = [];
    data.communes.forEach(function (commune) {
      var shape;
      var style = communeStyle(commune, data);
      if (data.mode === "polygons" && commune[9]) {
        shape = L.geoJSON(commune[9], { style: style, renderer: renderer });
      } else {
        style.radius = data.mode === "polygons" ? 6 : 3;
        style.renderer = renderer;
        style.weight = commune[5] ? 1.2 : 0.4;
        style.fillOpacity = 0.9;
        style.dashArray = null;
        shape = L.circleMarker([commune[7], commune[8]], style);
      }
      shape.bindPopup(function () {
        return communePopup(commune, data);
      });
      if (commune[5]) whites.push(shape);
      layer.addLayer(shape);
    });
    layer.addTo(map);
    // Dashed outlines of white zones on top of their neighbours' thin borders.
    whites.forEach(function (shape) {
      if (shape.bringToFront) shape.bringToFront();
    });
    return layer;
  }

  function drawPlaces(map, data, renderer) {
    data.places.forEach(function (place) {
      L.circleMarker([place[0], place[1]], {
        renderer: renderer,
        radius: 4,
        color: "#ffffff",
        weight: 1.5,
        fillColor: INK,
        fillOpacity: 1
      })
        .bindPopup(function () {
          return placePopup(place, data);
        })
        .addTo(map);
    });
  }

  function drawSites(map, data) {
    var markers = [];
    data.sites.forEach(function (site) {
      var name = fill(data.texts.site, { rank: site.rank, name: site.name });
      var marker = L.marker([site.lat, site.lon], {
        icon: L.divIcon({
          className: "coverage-site-marker",
          iconSize: [26, 26],
          html: '<span aria-hidden="true">' + site.rank + "</span>"
        }),
        title: name,
        alt: name,
        keyboard: true,
        riseOnHover: true,
        zIndexOffset: 1000 - site.rank
      });
      marker.bindPopup(function () {
        return sitePopup(site, data);
      });
      marker.addTo(map);
      var icon = marker.getElement();
      if (icon) icon.setAttribute("aria-label", name);
      markers.push(marker);
    });
    return markers;
  }

  function say(container, message, kind) {
    var note = container.querySelector(".coverage-map-note");
    if (!message) {
      if (note) note.remove();
      return;
    }
    if (!note) {
      note = element("p", "coverage-map-note");
      container.appendChild(note);
    }
    note.className = "coverage-map-note" + (kind ? " coverage-map-note--" + kind : "");
    note.textContent = message;
  }

  function draw(container, data) {
    if (container._coverageMap || typeof L === "undefined") return;
    container.replaceChildren();
    var texts = data.texts;
    var points = data.mode === "points";
    var map = L.map(container, {
      zoomControl: false,
      scrollWheelZoom: false, // the page scrolls under the wheel until the map is used
      preferCanvas: points,
      zoomSnap: 0.25, // the area fills the frame, whatever its shape
      center: [46.6, 2.4],
      zoom: 5
    });
    container._coverageMap = map;
    container.setAttribute("role", "region");
    L.control.zoom({ zoomInTitle: texts.zoomIn, zoomOutTitle: texts.zoomOut }).addTo(map);
    L.tileLayer(TILES, { maxZoom: 18, attribution: ATTRIBUTION }).addTo(map);
    map.attributionControl.setPrefix(false);
    map.on("focus click", function () {
      map.scrollWheelZoom.enable();
    });
    map.on("blur", function () {
      map.scrollWheelZoom.disable();
    });
    container.addEventListener("mouseleave", function () {
      map.scrollWheelZoom.disable();
    });
    map.on("popupopen", function (event) {
      var button = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (button) button.setAttribute("aria-label", texts.close);
    });
    var renderer = points ? L.canvas({ padding: 0.2 }) : L.svg({ padding: 0.2 });
    var communes = drawCommunes(map, data, renderer);
    drawPlaces(map, data, renderer);
    var sites = drawSites(map, data);
    var bounds = communes.getBounds();
    sites.forEach(function (marker) {
      bounds.extend(marker.getLatLng());
    });
    // The whole area in view, again after the frame changes size (a phone turned, a window
    // widened), until the visitor moves or zooms the map.
    var moved = false;
    var fitting = false;
    function fit() {
      if (!bounds.isValid()) return;
      fitting = true;
      map.fitBounds(bounds, { padding: [12, 12], animate: false });
      fitting = false;
    }
    fit();
    map.on("dragstart", function () {
      moved = true;
    });
    map.on("zoomstart", function () {
      if (!fitting) moved = true;
    });
    if (typeof ResizeObserver !== "undefined") {
      new ResizeObserver(function () {
        map.invalidateSize();
        if (!moved) fit();
      }).observe(container);
    }
    container.dataset.sites = String(sites.length);
    container.dataset.communes = String(data.communes.length);
  }

  function start() {
    var container = document.getElementById("coverage-map");
    var source = document.getElementById("coverage-map-data");
    if (container && source) {
      var data;
      try {
        data = JSON.parse(source.textContent);
      } catch (error) {
        data = null;
      }
      if (!data || typeof L === "undefined") {
        say(container, data ? data.texts.failed : "", "error");
      } else {
        try {
          draw(container, data);
        } catch (error) {
          say(container, data.texts.failed, "error");
        }
      }
    }
    enhanceForm();
  }

  function enhanceForm() {
    var form = document.getElementById("coverage-form");
    if (!form) return;
    // As on GOV.UK forms: the error summary takes the focus, so it is read first.
    var errors = document.getElementById("coverage-errors");
    if (errors) errors.focus();
    function choose(zone) {
      var radio = form.querySelector('input[name="zone"][value="' + zone + '"]');
      if (radio) radio.checked = true;
    }
    form.addEventListener("change", function (event) {
      var target = event.target;
      if (target.name === "departements" && target.checked) choose("departements");
      if (target.name === "region" && target.value) choose("region");
    });
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (!button || !button.dataset.busy) return;
      button.textContent = button.dataset.busy;
      form.setAttribute("aria-busy", "true");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
