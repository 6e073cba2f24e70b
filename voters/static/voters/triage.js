// The triage form shows only the chosen route's fields (no inline script: CSP-clean). Every field is rendered,
// so without JavaScript the whole form works and the server checks each route's fields as before
// (voters.services.steps.opinion_triage). A hidden field is disabled too, so another route's leftovers are
// not sent; what was typed in it stays, should the officer choose that route again.
(function () {
  "use strict";
  var needs = {
    on_the_spot: ["reply"],
    station: ["partner"],
    street_office: ["handling_unit", "partner"],
    suggestion: ["lead_deputy"],
    higher_level: ["suggested_level", "forwarded_to_deputy", "forwarded_to_body"],
    mediation: ["mediators"],
    guest_office: ["reception_guest"],
    not_accepted: ["refusal_reason", "reply"]
  };
  var routeFields = [
    "suggested_level",
    "partner",
    "handling_unit",
    "refusal_reason",
    "reply",
    "lead_deputy",
    "forwarded_to_deputy",
    "forwarded_to_body",
    "mediators",
    "reception_guest"
  ];
  var radios = document.querySelectorAll("input[name=route]");
  if (!radios.length) {
    return;
  }
  function show() {
    var checked = document.querySelector("input[name=route]:checked");
    var wanted = checked ? needs[checked.value] || [] : [];
    routeFields.forEach(function (name) {
      var box = document.getElementById("div_id_" + name);
      if (!box) {
        return;
      }
      var hide = wanted.indexOf(name) === -1;
      box.hidden = hide;
      box.querySelectorAll("input, select, textarea").forEach(function (control) {
        // A deputy picker (core/picker.js) is switched through Tom Select, which keeps its own state.
        if (control.tomselect) {
          control.tomselect[hide ? "disable" : "enable"]();
        } else {
          control.disabled = hide;
        }
      });
    });
  }
  radios.forEach(function (radio) {
    radio.addEventListener("change", show);
  });
  show();
})();
