// The triage form shows the fields each route needs (no inline script: CSP-clean).
(function () {
  var needs = {
    on_the_spot: ["reply"],
    station: ["partner"],
    street_office: ["handling_unit", "partner"],
    suggestion: ["lead_deputy"],
    higher_level: ["suggested_level", "partner"],
    not_accepted: ["refusal_reason", "reply"]
  };
  var optional = ["refusal_reason", "handling_unit", "lead_deputy", "partner"];
  var radios = document.querySelectorAll("input[name=route]");
  if (!radios.length) { return; }
  function show() {
    var checked = document.querySelector("input[name=route]:checked");
    var wanted = checked ? (needs[checked.value] || []) : [];
    optional.forEach(function (name) {
      var box = document.getElementById("div_id_" + name);
      if (box) { box.hidden = checked !== null && wanted.indexOf(name) === -1; }
    });
  }
  radios.forEach(function (radio) { radio.addEventListener("change", show); });
  show();
})();
