(function () {
  var button = document.getElementById("print-notice");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
})();
