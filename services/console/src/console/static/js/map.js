// The situation map: bundled country outlines and the incidents the server embedded in the page.
// Progressive enhancement: without this script the page still lists every incident.
(function () {
  "use strict";
  var element = document.getElementById("map");
  var dataNode = document.getElementById("map-data");
  if (!element || !dataNode || typeof L === "undefined") { return; }
  var data = JSON.parse(dataNode.textContent);
  var colours = {
    reported: "#6b4fbb", under_review: "#b35900", verified: "#1e6b30",
    rejected: "#6c757d", corrected: "#00558c", retracted: "#a4161a"
  };
  var unverified = { reported: true, under_review: true };
  var map = L.map(element, { attributionControl: true, zoomSnap: 0.25 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Boundaries: Natural Earth");
  map.fitBounds([[29.3, 46.5], [55.5, 87.5]]);

  fetch("/static/geo/central-asia.geojson", { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (outline) {
      L.geoJSON(outline, {
        style: { color: "#4a5360", weight: 1, fillColor: "#f4f1e8", fillOpacity: 1 },
        onEachFeature: function (feature, layer) {
          var name = data.lang === "ru" ? feature.properties.name_ru : feature.properties.name_en;
          layer.bindTooltip(name, { sticky: true });
        }
      }).addTo(map).bringToBack();
    })
    .catch(function () { /* the markers still show without the outline */ });

  var markers = L.featureGroup();
  data.points.forEach(function (p) {
    var colour = colours[p.status] || "#333";
    var hollow = !!unverified[p.status];
    var marker = L.circleMarker([p.lat, p.lon], {
      radius: 3 + 2 * p.severity,
      color: colour,
      weight: hollow ? 3 : 1,
      fillColor: colour,
      fillOpacity: hollow ? 0.1 : 0.75,
      dashArray: p.status === "reported" ? "3 3" : null
    });
    var card = document.createElement("div");
    card.className = "map-tooltip";
    var link = document.createElement("a");
    link.href = "/incidents/" + encodeURIComponent(p.id);
    link.textContent = p.reference;
    var title = document.createElement("strong");
    title.textContent = p.title;
    var meta = document.createElement("span");
    meta.textContent = p.occurred_at + " · " + p.severity + " · " + ((data.statuses || {})[p.status] || p.status);
    card.appendChild(title); card.appendChild(link); card.appendChild(document.createTextNode(" "));
    card.appendChild(meta);
    marker.bindPopup(card);
    marker.options.reference = p.reference;
    markers.addLayer(marker);
  });
  markers.addTo(map);
  element.setAttribute("data-markers", String(data.points.length));
}());
