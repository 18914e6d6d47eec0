// Draws each SLA's decided clocks per day (met, breached) with uPlot, from the console's own JSON.
// The page reads fine without it: the numbers are in the tables above each chart.
(function () {
  "use strict";
  if (typeof uPlot === "undefined") {
    return;
  }
  document.querySelectorAll("div.chart[data-sla]").forEach(function (box) {
    fetch("/console/data/sla-days?sla=" + encodeURIComponent(box.dataset.sla), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (d) {
        var opts = {
          title: "Clocks decided per day, last 28 days",
          width: Math.max(280, box.clientWidth || 600),
          height: 180,
          series: [
            {},
            { label: "met", stroke: "#1a7f37", width: 2, points: { show: true } },
            { label: "breached", stroke: "#c62828", width: 2, points: { show: true } }
          ],
          axes: [{}, { label: "clocks" }]
        };
        box.removeAttribute("aria-hidden");
        box.setAttribute("role", "img");
        box.setAttribute("aria-label", "Clocks decided per day for " + d.sla + ": met and breached");
        new uPlot(opts, [d.days, d.met, d.breached], box);
        box.classList.add("drawn");
      })
      .catch(function () { box.textContent = "The chart could not be loaded."; });
  });
})();
