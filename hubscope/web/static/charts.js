// Draws every chart from the JSON block inside its own container (no inline script: the CSP forbids
// it). Specs are never looked up by id: a contributed section could hold an element with that id.
function hubscopeSpec(el) {
  var block = el.querySelector(":scope > script[type='application/json'][data-hubscope-spec]");
  if (!block) { return null; }
  var spec = JSON.parse(block.textContent);
  return leavesTheApp(spec) ? null : spec;
}
// A spec whose data URL or link points outside this site is refused: charts draw our data only.
function leavesTheApp(v) {
  if (Array.isArray(v)) { return v.some(leavesTheApp); }
  if (v && typeof v === "object") {
    return Object.keys(v).some(function (k) {
      var x = v[k];
      if ((k === "url" || k === "href") && typeof x === "string") {
        return new URL(x, location.href).origin !== location.origin;
      }
      return leavesTheApp(x);
    });
  }
  return false;
}
document.querySelectorAll("div.vega").forEach(function (el) {
  var spec = hubscopeSpec(el);
  if (!spec) { el.textContent = "Chart not drawn: its specification is missing or points outside this site."; return; }
  vegaEmbed(el, spec, {actions: {export: true, source: false, compiled: false, editor: false}, renderer: "svg"})
    .then(function (result) { downloads(el, result.view, spec); })
    .catch(function (e) { el.textContent = "Chart failed: " + e; });
});
// PNG and SVG buttons under each chart (the same images as vega-embed's menu, one click away).
function downloads(el, view, spec) {
  var bar = el.parentElement.querySelector(":scope > figcaption.downloads");
  if (!bar) { return; }
  var title = (spec.title && (spec.title.text || spec.title)) || "chart";
  var name = String(title).replace(/[^\w\u3000-\u9fff]+/g, "-").replace(/^-|-$/g, "") || "chart";
  var span = document.createElement("span");
  ["png", "svg"].forEach(function (kind) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "download-" + kind;
    b.textContent = kind.toUpperCase();
    b.addEventListener("click", function () {
      view.toImageURL(kind, kind === "png" ? 2 : 1).then(function (url) {
        var a = document.createElement("a");
        a.href = url;
        a.download = name + "." + kind;
        document.body.appendChild(a);
        a.click();
        a.remove();
      });
    });
    span.append(" ", b);
  });
  span.append(" ·");
  bar.insertBefore(span, bar.childNodes[1] || null);
}
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
