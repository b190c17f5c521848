// Draws every chart on the page from its spec in a JSON block (no inline script: the CSP forbids it).
document.querySelectorAll("div.vega[data-spec]").forEach(function (el) {
  var spec = JSON.parse(document.getElementById(el.dataset.spec).textContent);
  vegaEmbed(el, spec, {actions: false, renderer: "svg"}).catch(function (e) { el.textContent = "Chart failed: " + e; });
});
// Weight sliders show their value as they move; the form (GET) keeps the state in the URL.
document.querySelectorAll("input[type=range]").forEach(function (r) {
  var out = document.getElementById(r.id + "-value");
  if (out) { r.addEventListener("input", function () { out.textContent = r.value; }); }
});
// Browse pages filter their table as you type (the form's ?q= does the same on the server).
document.querySelectorAll("input[data-filter]").forEach(function (box) {
  var rows = document.querySelectorAll("#" + box.dataset.filter + " tbody tr");
  box.addEventListener("input", function () {
    var q = box.value.trim().toLowerCase();
    rows.forEach(function (tr) { tr.hidden = q !== "" && tr.dataset.names.toLowerCase().indexOf(q) < 0; });
  });
});
