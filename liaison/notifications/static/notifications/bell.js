// The inbox bell: its unread count is fetched after the page loads, so no page pays a query for it.
(function () {
  var bell = document.getElementById("inbox-bell");
  if (!bell || !window.fetch) { return; }
  fetch(bell.getAttribute("data-unread-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (response) { return response.ok ? response.json() : { unread: 0 }; })
    .then(function (data) {
      var badge = document.getElementById("inbox-unread");
      if (data.unread > 0) {
        badge.textContent = data.unread > 99 ? "99+" : String(data.unread);
        badge.classList.remove("d-none");
      }
    })
    .catch(function () {});
})();
