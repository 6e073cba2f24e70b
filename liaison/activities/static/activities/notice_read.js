// A notice opened by its read link reports the reading once the page is shown to a person: a GET alone
// does not count, so that a messenger's link preview is not taken for a deputy who read it.
(function () {
  var form = document.getElementById("notice-read");
  if (!form || !window.fetch || !window.FormData) { return; }
  fetch(form.action, {
    method: "POST",
    body: new FormData(form),
    credentials: "same-origin",
    headers: { "Accept": "application/json" },
  })
    .then(function (response) {
      if (response.ok) {
        form.classList.add("d-none");
        document.getElementById("notice-read-done").classList.remove("d-none");
      }
    })
    .catch(function () {});
})();
