// The search page of a `claims site`: no server, no framework. The index is a script
// (search-index.js sets window.CLAIMS_SEARCH, page path -> text, subjects first), because
// pages opened from file:// may not fetch() files beside them. Every word typed must occur
// in a result's id or text.
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  var query = (params.get("q") || "").trim();
  var box = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("results");
  var LIMIT = 100;
  if (box) { box.value = query; }
  if (!query) { return; }
  status.textContent = "Searching…";
  var script = document.createElement("script");
  script.src = "search-index.js";
  script.onload = function () { show(window.CLAIMS_SEARCH || {}); };
  script.onerror = function () { status.textContent = "The search index (search-index.js) is missing: rebuild the site."; };
  document.head.appendChild(script);

  // A page's path says what it is: "claims/<id>.html" is the claim <id>.
  function row(path, text) {
    var slash = path.indexOf("/");
    return [path.slice(0, slash - 1), path.slice(slash + 1, -".html".length), text, path];
  }

  function show(index) {
    var words = query.toLowerCase().split(/\s+/);
    var found = [];
    for (var path in index) {
      if (found.length > LIMIT) { break; }
      var candidate = row(path, index[path]);
      var hay = (candidate[1] + " " + candidate[2]).toLowerCase();
      if (words.every(function (w) { return hay.indexOf(w) !== -1; })) { found.push(candidate); }
    }
    var more = found.length > LIMIT;
    found = found.slice(0, LIMIT);
    status.textContent = found.length === 0 ? "Nothing matches “" + query + "”." :
      (more ? "The first " + LIMIT : found.length) + " result" + (found.length === 1 ? "" : "s") + " for “" + query + "”.";
    found.forEach(function (row) {
      var item = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = row[0] + " ";
      var link = document.createElement("a");
      link.href = row[3];
      link.textContent = row[1];
      var text = document.createElement("span");
      text.textContent = ": " + row[2];
      item.appendChild(kind);
      item.appendChild(link);
      item.appendChild(text);
      list.appendChild(item);
    });
  }
})();
