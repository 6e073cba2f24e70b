// While an opinion is typed, ask the server for similar open opinions (no inline script: CSP-clean).
(function () {
  var box = document.getElementById("similar-opinions");
  var content = document.querySelector("[data-similar-source]");
  var station = document.getElementById("id_station");
  if (!box || !content) { return; }
  var timer = null;
  var last = "";
  function refresh() {
    var text = content.value.trim();
    var key = (station ? station.value : "") + "|" + text;
    if (text.length < 4 || key === last) { return; }
    last = key;
    var params = new URLSearchParams({ content: text.slice(0, 500), station: station ? station.value : "" });
    fetch(box.dataset.url + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) { box.innerHTML = html; } })
      .catch(function () {});
  }
  function later() { clearTimeout(timer); timer = setTimeout(refresh, 600); }
  content.addEventListener("input", later);
  if (station) { station.addEventListener("change", later); }
})();
