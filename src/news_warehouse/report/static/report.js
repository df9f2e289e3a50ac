// The report's behaviour: draw the inlined Vega-Lite specs, and filter a facts table by the
// link that led here (facts/incidents.html#type=fine&month=2017-10). Nothing is fetched.
(function () {
  "use strict";

  function drawCharts() {
    document.querySelectorAll("div.chart[data-spec]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-spec"));
      if (!source || typeof window.vegaEmbed !== "function") {
        el.innerHTML = '<p class="error">This chart needs JavaScript (assets/vega-bundle.js).</p>';
        return;
      }
      var spec = JSON.parse(source.textContent);
      window.vegaEmbed(el, spec, { actions: false, renderer: "svg", loader: { target: "_self" } })
        .then(function () { el.setAttribute("data-rendered", "true"); })
        .catch(function (error) {
          el.setAttribute("data-rendered", "error");
          el.textContent = "Chart failed: " + error;
        });
    });
  }

  // A row matches when, for every key=value of the hash, its data-f-key lists the value
  // (lists are joined with U+241F, layout.LIST_SEPARATOR).
  function filterRows() {
    var banner = document.querySelector(".filter-banner");
    if (!banner) return;
    var params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    var wanted = [];
    params.forEach(function (value, key) { wanted.push([key, value]); });
    var rows = document.querySelectorAll("table.facts-table > tbody > tr"), shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i], keep = true;
      for (var j = 0; j < wanted.length && keep; j++) {
        var have = row.getAttribute("data-f-" + wanted[j][0]);
        keep = have !== null && have.split("\u241f").indexOf(wanted[j][1]) >= 0;
      }
      row.hidden = !keep;
      if (keep) shown++;
    }
    if (wanted.length === 0) { banner.classList.remove("on"); return; }
    banner.textContent = "";
    var text = wanted.map(function (w) { return w[0] + " = " + w[1]; }).join(", ");
    banner.appendChild(document.createTextNode(
      "Showing " + shown + " of " + rows.length + " rows where " + text + ". "));
    var all = document.createElement("a");
    all.href = "#";
    all.textContent = "Show all";
    banner.appendChild(all);
    banner.classList.add("on");
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts();
    filterRows();
  });
  window.addEventListener("hashchange", filterRows);
})();
