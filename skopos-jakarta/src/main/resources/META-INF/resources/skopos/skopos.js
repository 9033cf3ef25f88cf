/*
 * Skopos browser script, served by skopos-jakarta at {application}/skopos/skopos.js.
 *
 *   <script src="skopos/skopos.js" defer></script>
 *
 * data-endpoint     where events are posted; default "api/event", relative to the application
 * data-auto-track   "false" turns off automatic page views and error reports (default on)
 *
 * Elements with skopos-event="name" (and optional skopos-data='{"k":"v"}') send a custom event when
 * clicked; window.skopos.track(name, data) sends one from code; window.skopos.pageView() records a
 * page view by hand. The script never throws into the page.
 */
(function () {
  "use strict";
  try {
    var script = document.currentScript;
    if (!script || window.skopos) {
      return;
    }
    var applicationRoot = new URL("../", script.src).href;
    var endpoint = new URL(script.getAttribute("data-endpoint") || "api/event", applicationRoot).href;
    var autoTrack = script.getAttribute("data-auto-track") !== "false";
    var lastPage = null;

    // Every payload carries the page context: beacons may arrive out of order, and whichever arrives
    // first starts the session.
    function send(payload) {
      try {
        payload.url = location.href;
        payload.referrer = document.referrer || "";
        if (window.screen) {
          payload.screenWidth = screen.width;
          payload.screenHeight = screen.height;
        }
        if (navigator.language) {
          payload.language = navigator.language;
        }
        var body = JSON.stringify(payload);
        if (navigator.sendBeacon && navigator.sendBeacon(endpoint, body)) {
          return;
        }
        if (window.fetch) {
          fetch(endpoint, {
            method: "POST", body: body, keepalive: true, credentials: "same-origin",
            headers: {"Content-Type": "text/plain;charset=UTF-8"}
          }).catch(function () {});
        }
      } catch (ignored) {
        // analytics must never break the page
      }
    }

    function pageView() {
      var page = location.pathname + location.hash;
      if (page === lastPage) {
        return;
      }
      lastPage = page;
      send({type: "pageView"});
    }

    function track(name, data) {
      var payload = {type: "custom", name: String(name)};
      if (data && typeof data === "object" && !Array.isArray(data)) {
        payload.customData = data;
      }
      send(payload);
    }

    function reportError(message, stack) {
      if (!message) {
        return;
      }
      send({type: "jsError", errorMessage: String(message).slice(0, 1024),
        stackTrace: stack ? String(stack).slice(0, 16384) : ""});
    }

    function parseData(text) {
      try {
        var data = text ? JSON.parse(text) : null;
        return data && typeof data === "object" && !Array.isArray(data) ? data : undefined;
      } catch (ignored) {
        return undefined;
      }
    }

    document.addEventListener("click", function (event) {
      try {
        var element = event.target && event.target.closest && event.target.closest("[skopos-event]");
        if (element) {
          track(element.getAttribute("skopos-event"), parseData(element.getAttribute("skopos-data")));
        }
      } catch (ignored) {
        // a broken attribute must not break the click
      }
    }, true);

    if (autoTrack) {
      ["pushState", "replaceState"].forEach(function (method) {
        var original = history[method];
        history[method] = function () {
          var result = original.apply(this, arguments);
          try {
            pageView();
          } catch (ignored) {
            // keep navigation working
          }
          return result;
        };
      });
      window.addEventListener("popstate", pageView);
      window.addEventListener("hashchange", pageView);
      window.addEventListener("error", function (event) {
        reportError(event.message || (event.error && event.error.message),
          event.error && event.error.stack);
      });
      window.addEventListener("unhandledrejection", function (event) {
        var reason = event.reason;
        reportError(reason && reason.message ? reason.message : "Unhandled rejection: " + String(reason),
          reason && reason.stack);
      });
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", pageView);
      } else {
        pageView();
      }
    }

    window.skopos = {track: track, pageView: pageView};
  } catch (ignored) {
    // analytics must never break the page
  }
})();
