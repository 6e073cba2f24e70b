// Selects marked data-picker (liaison/core/widgets.py) become searchable Tom Select pickers. Tom Select is
// loaded only on pages that have one; without it (or without JavaScript) the plain select still works.
(function () {
  "use strict";
  var selects = document.querySelectorAll("select[data-picker]");
  var script = document.currentScript;
  if (!selects.length || !script) {
    return;
  }

  // As the roster's search (DeputyFilter.search): the name contains the query, or a key (pinyin, initials)
  // starts with it, lower-cased, or with its spaces taken out.
  function matches(option, query) {
    var lower = query.toLowerCase();
    var joined = lower.replace(/\s+/g, "");
    var name = option.name || option.text;
    return name.indexOf(query) !== -1 || (option.keys || []).some(function (key) {
      return key.indexOf(lower) === 0 || key.indexOf(joined) === 0;
    });
  }

  function render(option, escape) {
    var detail = option.detail ? ' <small class="text-body-secondary">' + escape(option.detail) + "</small>" : "";
    return "<div>" + escape(option.name || option.text) + detail + "</div>";
  }

  function enhance() {
    selects.forEach(function (select) {
      var empty = select.dataset.pickerEmpty;
      new window.TomSelect(select, {
        dataAttr: "data", // the option's data-data, read from its dataset
        maxOptions: null,
        plugins: select.multiple ? ["remove_button"] : [],
        score: function (query) {
          var wanted = query.trim();
          return function (option) {
            return !wanted || matches(option, wanted) ? 1 : 0;
          };
        },
        render: {
          option: render,
          item: render,
          no_results: function () {
            return '<div class="no-results">' + empty.replace(/[&<>"]/g, "") + "</div>";
          },
        },
      });
    });
  }

  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = script.dataset.css;
  document.head.appendChild(style);
  var library = document.createElement("script");
  library.src = script.dataset.js;
  library.onload = enhance;
  document.head.appendChild(library);
})();
