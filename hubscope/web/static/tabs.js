// Keyboard for tab lists (WAI-ARIA tabs pattern, manual activation): Left/Right move the focus between
// tabs, wrapping, Home/End go to the first/last; Enter (the link's own) or Space opens the focused tab.
document.querySelectorAll("[role=tablist]").forEach(function (list) {
  var tabs = Array.prototype.slice.call(list.querySelectorAll("[role=tab]"));
  list.addEventListener("keydown", function (e) {
    var i = tabs.indexOf(document.activeElement);
    if (i < 0) { return; }
    var next = {ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1}[e.key];
    if (e.key === " ") { e.preventDefault(); tabs[i].click(); return; }
    if (next === undefined) { return; }
    e.preventDefault();
    next = (next + tabs.length) % tabs.length;
    tabs.forEach(function (t, j) { t.tabIndex = j === next ? 0 : -1; });
    tabs[next].focus();
  });
});
