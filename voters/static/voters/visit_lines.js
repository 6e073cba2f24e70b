// "Add a voter" on the visit form: a new line from the formset's empty form. Without JavaScript the page
// offers a few blank lines and the button stays hidden.
(function () {
  "use strict";
  var button = document.querySelector("[data-add-visit-line]");
  var template = document.getElementById("visit-line-template");
  var lines = document.getElementById("visit-lines");
  var total = document.getElementById("id_entries-TOTAL_FORMS");
  var most = document.getElementById("id_entries-MAX_NUM_FORMS");
  if (!button || !template || !lines || !total) {
    return;
  }
  button.classList.remove("d-none");
  button.addEventListener("click", function () {
    var index = Number(total.value);
    if (most && index >= Number(most.value)) {
      return;
    }
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    lines.insertAdjacentHTML("beforeend", html);
    var line = lines.lastElementChild;
    var legend = line.querySelector("legend");
    if (legend) {
      legend.textContent = legend.textContent.trim() + " " + (index + 1);
    }
    total.value = String(index + 1);
    var first = line.querySelector("input, textarea");
    if (first) {
      first.focus();
    }
  });
})();
