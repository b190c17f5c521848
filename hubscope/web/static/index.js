// The index page: sliders and selects rerank without a reload. Each change fetches /index.json with
// the form's settings, redraws the table, cells, screening list and chart, and pushes the URL so
// the ranking stays bookmarkable (the form still works without JavaScript).
(function () {
  var form = document.getElementById("index-form");
  if (!form) { return; }
  var status = document.getElementById("index-status");
  var timer = null;

  function text(tag, value, attrs) {
    var el = document.createElement(tag);
    el.textContent = value;
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    return el;
  }

  function draw(view) {
    var body = document.querySelector("#index-table tbody");
    body.replaceChildren();
    view.rows.forEach(function (r) {
      var tr = document.createElement("tr");
      tr.appendChild(text("td", r.rank));
      var th = document.createElement("th");
      th.setAttribute("scope", "row");
      th.appendChild(text("a", r.name, {href: "/entities/" + r.entity}));
      tr.appendChild(th);
      tr.appendChild(text("td", r.score));
      tr.appendChild(text("td", r.interval));
      view.pillars.forEach(function (p) { tr.appendChild(text("td", r.pillars[p.id])); });
      body.appendChild(tr);
    });
    var cells = document.querySelector("#index-cells tbody");
    cells.replaceChildren();
    view.rows.forEach(function (r) {
      var tr = document.createElement("tr");
      tr.appendChild(text("th", r.name, {scope: "row"}));
      view.columns.forEach(function (c) {
        var cell = view.cells[r.entity][c.id];
        var td = text("td", " " + cell.value, {"class": "cell " + cell.source, title: cell.title});
        td.prepend(text("span", cell.mark, {"class": "mark " + cell.source, "aria-label": cell.title}));
        tr.appendChild(td);
      });
      cells.appendChild(tr);
    });
    var list = document.getElementById("index-screened");
    list.replaceChildren();
    view.screened.forEach(function (s) { list.appendChild(text("li", s)); });
    vegaEmbed("#index-chart", view.chart, {actions: false, renderer: "svg"});
  }

  function update(push) {
    var query = new URLSearchParams(new FormData(form)).toString();
    if (push) { history.pushState(null, "", "/index?" + query); }
    status.textContent = "…";
    fetch("/index.json?" + query, {headers: {Accept: "application/json"}})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) { draw(data.view); status.textContent = ""; document.body.dataset.indexUpdated = query; })
      .catch(function (e) { status.textContent = "⚠ " + e; });
  }

  form.addEventListener("input", function (e) {
    var out = document.getElementById(e.target.id + "-value");
    if (out) { out.textContent = e.target.value; }
    clearTimeout(timer);
    timer = setTimeout(function () { update(true); }, 250);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); update(true); });
  window.addEventListener("popstate", function () {
    new URLSearchParams(location.search).forEach(function (v, k) {
      var el = form.elements.namedItem(k);
      if (el) { el.value = v; var out = document.getElementById(k + "-value"); if (out) { out.textContent = v; } }
    });
    update(false);
  });
})();
