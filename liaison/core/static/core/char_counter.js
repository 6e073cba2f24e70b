// A count under each text that has a length limit (data-max-chars): the form refuses a longer text rather
// than the browser cutting it, so the writer sees how far over they are while typing.
(function () {
  "use strict";
  document.querySelectorAll("[data-max-chars]").forEach(function (field) {
    var limit = Number(field.dataset.maxChars);
    var counter = document.createElement("div");
    counter.className = "form-text text-end";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    function update() {
      // Counted as the server counts: by characters, a line break sent as two.
      var length = Array.from(field.value.replace(/\r?\n/g, "\r\n")).length;
      counter.textContent = length + " / " + limit;
      counter.classList.toggle("text-danger", length > limit);
    }
    field.addEventListener("input", update);
    update();
  });
})();
