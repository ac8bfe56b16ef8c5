/* Error summaries (templates/includes/error_summary.html), as GOV.UK's behave: when a form comes
   back with errors, focus moves to the summary, so keyboard and screen-reader users start from
   the list of problems; following a link in it moves focus to the field and scrolls its label
   (or its group's legend) into view, which a plain jump to the input would leave off screen. */
(function () {
  "use strict";
  var summaries = document.querySelectorAll("[data-error-summary]");
  if (!summaries.length) { return; }

  summaries[0].setAttribute("tabindex", "-1");
  summaries[0].focus();

  function caption(input) {
    var fieldset = input.closest("fieldset");
    var legend = fieldset && fieldset.querySelector("legend");
    if (legend) { return legend; }
    return document.querySelector("label[for='" + CSS.escape(input.id) + "']");
  }

  Array.prototype.forEach.call(summaries, function (summary) {
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) { return; }
      var input = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!input) { return; }
      event.preventDefault();
      (caption(input) || input).scrollIntoView();
      input.focus({ preventScroll: true });
    });
  });
})();
