// Injected by `quire serve` only: reloads the page when the site is rebuilt, swaps stylesheets
// when only CSS changed, and shows build errors over the last good page.
(function () {
  "use strict";
  var OVERLAY = "quire-error-overlay";

  function showErrors(text) {
    var overlay = document.getElementById(OVERLAY);
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = OVERLAY;
      overlay.setAttribute("role", "alert");
      document.body.appendChild(overlay);
    }
    overlay.innerHTML = "";
    var title = document.createElement("strong");
    title.textContent = "The last change did not build:";
    var details = document.createElement("pre");
    details.textContent = text;
    overlay.appendChild(title);
    overlay.appendChild(details);
  }

  function refreshStyles() {
    var links = document.querySelectorAll("link[rel=stylesheet]");
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("quire-reload", Date.now());
      links[i].href = url.toString();
    }
  }

  var events = new EventSource("/__quire/events");
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("css", refreshStyles);
  events.addEventListener("failed", function (event) { showErrors(JSON.parse(event.data)); });
})();
