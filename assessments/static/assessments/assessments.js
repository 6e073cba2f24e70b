// Print buttons and the export job's progress; loaded from our own origin (CSP: script-src 'self').
(function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  var job = document.querySelector("[data-job-status]");
  if (!job) { return; }
  var bar = job.querySelector("progress");
  var label = job.querySelector("[data-job-label]");
  var link = job.querySelector("[data-job-download]");
  function poll() {
    fetch(job.getAttribute("data-job-status"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        bar.value = state.progress;
        label.textContent = state.progress + "%";
        if (state.download) {
          link.href = state.download;
          link.classList.remove("d-none");
        } else if (state.status === "failed") {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1500);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  if (job.getAttribute("data-finished") !== "1") { poll(); }
})();
