/*
 * Demo only: fills the "Today in PocketBase" panel of index.html. Every few seconds it asks the demo
 * application's api/demo/stats, which reads PocketBase on the server and computes the figures the way the
 * Skopos dashboard does; the browser never sees PocketBase's address, credentials or token.
 */
(function () {
  "use strict";
  var REFRESH_MILLIS = 3000;
  var panel = document.getElementById("today-panel");
  var source = new URL("api/demo/stats", document.currentScript.src).href;

  function show(name, value) {
    panel.querySelector('[data-figure="' + name + '"]').textContent = value;
  }

  // Keys are page paths and country codes, i.e. visitor data: set as text, never as HTML.
  function showList(name, shares) {
    var items = shares.map(function (share) {
      var item = document.createElement("li");
      item.textContent = share.key + " \u2014 " + share.count + " (" + share.percentage + " %)";
      return item;
    });
    if (items.length === 0) {
      items.push(document.createElement("li"));
      items[0].textContent = "none yet";
    }
    panel.querySelector('[data-list="' + name + '"]').replaceChildren(...items);
  }

  function showStatus(text) {
    panel.querySelector("[data-status]").textContent = text;
  }

  function render(figures) {
    show("pageViews", figures.pageViews);
    show("visitors", figures.visitors);
    show("newReturning", figures.newVisitors + " / " + figures.returningVisitors);
    show("engagementRate", figures.engagementRate + " %");
    show("averageSessionDuration", figures.averageSessionDuration);
    show("activeUsers", figures.activeUsers);
    showList("topPages", figures.topPages);
    showList("countries", figures.countries);
    showStatus(figures.day + " (UTC), refreshed " + new Date().toLocaleTimeString()
      + (figures.partial ? "; from the first records only" : ""));
  }

  function refresh() {
    fetch(source, {cache: "no-store", headers: {Accept: "application/json"}})
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) {
            throw new Error(body.error || "HTTP " + response.status);
          }
          render(body);
        });
      })
      .catch(function (problem) {
        showStatus("No figures right now: " + problem.message);
      })
      .finally(function () {
        setTimeout(refresh, REFRESH_MILLIS);
      });
  }

  refresh();
})();
