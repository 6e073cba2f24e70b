// While a suggestion's title is typed, ask the server for similar completed suggestions and their answers
// (no inline script: CSP-clean).
(function () {
  var box = document.getElementById("similar-closed");
  var title = document.querySelector("[data-similar-title]");
  if (!box || !title) { return; }
  var timer = null;
  var last = "";
  function refresh() {
    var text = title.value.trim();
    if (text.length < 4 || text === last) { return; }
    last = text;
    var params = new URLSearchParams({ title: text.slice(0, 200) });
    fetch(box.dataset.url + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) { box.innerHTML = html; } })
      .catch(function () {});
  }
  function later() { clearTimeout(timer); timer = setTimeout(refresh, 600); }
  title.addEventListener("input", later);
})();
