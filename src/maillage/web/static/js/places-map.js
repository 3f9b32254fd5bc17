/*
 * places-map.js: maps of places, shared by every page that shows one. No framework.
 *
 * Contract
 * --------
 * A page that shows a map loads, in this order (deferred scripts keep it):
 *   static/vendor/leaflet/leaflet.css, MarkerCluster.css, MarkerCluster.Default.css (in <head>),
 *   static/vendor/leaflet/leaflet.js, leaflet.markercluster.js, then this file.
 * and holds one element per map:
 *
 *   <div class="places-map"
 *        data-geojson-url="/api/v1/places.geojson?…"   required: the places to draw
 *        data-center="44.03,4.99" data-zoom="13"        optional: first view (else fit the places)
 *        data-highlight="42"                            optional: id of the place to stand out
 *        role="region" aria-label="Carte des lieux …">  the map's accessible name (a label
 *                                                       needs the role before the map is drawn)
 *   </div>
 *
 * Each such element is drawn once it is on screen (so a hidden map, or one far down a phone
 * page, costs no GeoJSON until it is seen): at DOMContentLoaded, after every htmx swap
 * (`htmx:afterSettle`) and after htmx restores a page from its history cache
 * (`htmx:historyRestore`, whose snapshot holds a dead copy of the map, redrawn here).
 * The GeoJSON is the API's `/api/v1/places.geojson` (properties id, nom, commune_nom, kinds,
 * location_exact, distance_km). Markers are clustered; each is a keyboard-focusable button
 * named after the place, whose popup links to /lieux/<id>/. A place whose point is only its
 * commune's town hall (`location_exact` false) is a hollow circle, and its popup says so.
 * Tiles come from tile.openstreetmap.org, with the attribution; without network the map
 * stays grey and the markers still show.
 *
 * Accessibility: the element becomes a region named by its aria-label (default "Carte des
 * lieux"); the list of places that each page shows beside its map is the accessible
 * equivalent, the map adds no information of its own.
 *
 * Texts are French by default; a page may translate them with
 *   <script type="application/json" id="places-map-texts">{"label": "Map of places", …}</script>
 * (keys: see TEXTS below; `kinds` maps a hub kind code to its label).
 *
 * `window.maillagePlacesMap.refresh()` draws any map added to the page by other means.
 */
(function () {
  "use strict";

  var TEXTS = {
    label: "Carte des lieux",
    approximate: "Position approximative : le point est celui de la mairie de la commune.",
    loading: "Chargement de la carte…",
    failed: "La carte n'a pas pu être chargée. La liste des lieux reste disponible.",
    empty: "Aucun lieu à montrer sur la carte.",
    truncated: "La carte montre les {count} premiers lieux.",
    places: "{count} lieux",
    zoomIn: "Zoom avant",
    zoomOut: "Zoom arrière",
    close: "Fermer",
    km: "{distance} km",
    kinds: {}
  };
  var FRANCE = { center: [46.6, 2.4], zoom: 5 };
  var TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var ATTRIBUTION =
    '&copy; <a href="https://www.openstreetmap.org/copyright">les contributeurs d’OpenStreetMap</a>';
  var MAX_FIT_ZOOM = 15;

  function texts() {
    var node = document.getElementById("places-map-texts");
    if (!node) return TEXTS;
    try {
      var given = JSON.parse(node.textContent);
      var merged = {};
      Object.keys(TEXTS).forEach(function (key) {
        merged[key] = given[key] !== undefined ? given[key] : TEXTS[key];
      });
      return merged;
    } catch (error) {
      return TEXTS;
    }
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return values[name] !== undefined ? values[name] : whole;
    });
  }

  function number(value, digits) {
    var lang = document.documentElement.lang || "fr";
    return value.toLocaleString(lang, { maximumFractionDigits: digits });
  }

  // Sources often write communes in capitals ("L'ISLE-SUR-LA-SORGUE"): readable again here.
  var SMALL_WORDS = ["de", "du", "des", "la", "le", "les", "sur", "sous", "en", "et", "aux", "au"];
  function communeName(name) {
    if (!name || name !== name.toUpperCase()) return name || "";
    return name.toLowerCase().replace(/[^\s\-']+/g, function (word, offset) {
      if (offset > 0 && SMALL_WORDS.indexOf(word) >= 0) return word;
      return word.charAt(0).toUpperCase() + word.slice(1);
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function popupContent(properties, words) {
    var box = element("div", "place-popup");
    var title = element("p", "place-popup-name");
    var link = element("a", "", properties.nom);
    link.href = "/lieux/" + encodeURIComponent(properties.id) + "/";
    title.appendChild(link);
    box.appendChild(title);
    var where = communeName(properties.commune_nom);
    if (typeof properties.distance_km === "number") {
      where += " · " + fill(words.km, { distance: number(properties.distance_km, 1) });
    }
    if (where) box.appendChild(element("p", "place-popup-where", where));
    var kinds = (properties.kinds || []).map(function (code) {
      return words.kinds[code] || code;
    });
    if (kinds.length) box.appendChild(element("p", "place-popup-kinds", kinds.join(", ")));
    if (properties.location_exact === false) {
      box.appendChild(element("p", "place-popup-approximate", words.approximate));
    }
    return box;
  }

  function markerFor(feature, words, highlighted) {
    var properties = feature.properties || {};
    var coordinates = feature.geometry.coordinates;
    var classes = ["place-marker"];
    if (properties.location_exact === false) classes.push("place-marker--approximate");
    if (highlighted) classes.push("place-marker--highlight");
    var size = highlighted ? 26 : 18;
    var marker = L.marker([coordinates[1], coordinates[0]], {
      icon: L.divIcon({ className: classes.join(" "), iconSize: [size, size], html: "" }),
      title: properties.nom,
      keyboard: true,
      riseOnHover: true,
      zIndexOffset: highlighted ? 1000 : 0
    });
    marker.bindPopup(function () {
      return popupContent(properties, words);
    });
    return marker;
  }

  function clusterIcon(words) {
    return function (cluster) {
      var count = cluster.getChildCount();
      var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
      var label = fill(words.places, { count: number(count, 0) });
      // The visible figure, and the words a screen reader says for this button.
      var html =
        '<div><span aria-hidden="true">' + number(count, 0) + "</span>" +
        '<span class="places-map-sr">' + label + "</span></div>";
      return L.divIcon({
        html: html,
        className: "marker-cluster marker-cluster-" + size,
        iconSize: L.point(40, 40)
      });
    };
  }

  function say(container, message, kind) {
    var note = container.querySelector(".places-map-note");
    if (!message) {
      if (note) note.remove();
      return;
    }
    if (!note) {
      note = element("p", "places-map-note");
      container.appendChild(note);
    }
    note.className = "places-map-note" + (kind ? " places-map-note--" + kind : "");
    note.textContent = message;
  }

  function point(text) {
    if (!text) return null;
    var parts = text.split(",").map(Number);
    if (parts.length !== 2 || parts.some(isNaN)) return null;
    return parts;
  }

  function reset(container) {
    // A map restored from htmx's history cache is a copy of Leaflet's DOM without its code.
    container.replaceChildren();
    container.className = container.className
      .split(/\s+/)
      .filter(function (name) {
        return name && name.indexOf("leaflet-") !== 0;
      })
      .join(" ");
    container.removeAttribute("tabindex");
  }

  function draw(container) {
    if (container._placesMap || typeof L === "undefined") return;
    var words = texts();
    reset(container);
    container.setAttribute("role", "region");
    if (!container.getAttribute("aria-label") && !container.getAttribute("aria-labelledby")) {
      container.setAttribute("aria-label", words.label);
    }
    container.setAttribute("aria-busy", "true");

    var center = point(container.dataset.center);
    var zoom = parseInt(container.dataset.zoom, 10);
    var highlight = container.dataset.highlight || "";
    var map = L.map(container, {
      zoomControl: false,
      scrollWheelZoom: false, // the page scrolls under the wheel until the map is used
      center: center || FRANCE.center,
      zoom: center && !isNaN(zoom) ? zoom : FRANCE.zoom
    });
    container._placesMap = map;
    L.control.zoom({ zoomInTitle: words.zoomIn, zoomOutTitle: words.zoomOut }).addTo(map);
    L.tileLayer(TILES, { maxZoom: 19, attribution: ATTRIBUTION }).addTo(map);
    map.attributionControl.setPrefix(false);
    map.on("focus click", function () {
      map.scrollWheelZoom.enable();
    });
    map.on("blur", function () {
      map.scrollWheelZoom.disable();
    });
    map.on("popupopen", function (event) {
      var button = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (button) button.setAttribute("aria-label", words.close);
    });
    container.addEventListener("mouseleave", function () {
      map.scrollWheelZoom.disable();
    });
    if (typeof ResizeObserver !== "undefined") {
      new ResizeObserver(function () {
        map.invalidateSize();
      }).observe(container);
    }

    say(container, words.loading);
    fetch(container.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (collection) {
        if (!container.isConnected) return;
        var clusters = L.markerClusterGroup({
          chunkedLoading: true,
          showCoverageOnHover: false,
          maxClusterRadius: 50,
          iconCreateFunction: clusterIcon(words)
        });
        var standout = null;
        var features = (collection.features || []).filter(function (feature) {
          return feature.geometry && feature.geometry.type === "Point";
        });
        features.forEach(function (feature) {
          var isHighlight = highlight !== "" && String(feature.properties.id) === highlight;
          var marker = markerFor(feature, words, isHighlight);
          if (isHighlight) {
            standout = marker;
            marker.addTo(map); // never hidden in a cluster
          } else {
            clusters.addLayer(marker);
          }
        });
        map.addLayer(clusters);
        if (!center) {
          var bounds = clusters.getBounds();
          if (standout) bounds.extend(standout.getLatLng());
          if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: MAX_FIT_ZOOM, animate: false });
        }
        if (!features.length) say(container, words.empty);
        else if (collection.next_cursor) {
          say(container, fill(words.truncated, { count: number(features.length, 0) }));
        } else say(container, "");
        container.dataset.markers = String(features.length);
      })
      .catch(function () {
        if (container.isConnected) say(container, words.failed, "error");
      })
      .finally(function () {
        container.removeAttribute("aria-busy");
      });
  }

  var watcher =
    typeof IntersectionObserver === "undefined"
      ? null
      : new IntersectionObserver(
          function (entries) {
            entries.forEach(function (entry) {
              var box = entry.target.getBoundingClientRect();
              if (entry.isIntersecting && box.width > 0 && box.height > 0) {
                watcher.unobserve(entry.target);
                draw(entry.target);
              }
            });
          },
          { rootMargin: "200px" }
        );

  function refresh() {
    document.querySelectorAll(".places-map[data-geojson-url]").forEach(function (container) {
      if (container._placesMap || container._placesMapWatched) return;
      container._placesMapWatched = true;
      // The page's "needs JavaScript" note: the map is drawn as soon as it is on screen.
      container.querySelectorAll(".places-map-note").forEach(function (note) {
        note.remove();
      });
      if (watcher) watcher.observe(container);
      else draw(container);
    });
  }

  window.maillagePlacesMap = { refresh: refresh };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", refresh);
  } else {
    refresh();
  }
  document.addEventListener("htmx:afterSettle", refresh);
  document.addEventListener("htmx:historyRestore", refresh);
})();
