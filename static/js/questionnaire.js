/* Questionnaires: a slider for 0-100 scales that mirrors its number field, and a body-map figure
   whose areas tick the matching checkboxes. The number fields and checkboxes are the real
   controls: without this script the forms work the same. Loaded as a file (the
   Content-Security-Policy forbids inline scripts). */
(function () {
  "use strict";

  // Visual analogue scales: the slider only writes the number once it is moved, so an untouched
  // slider never records an answer the participant did not give.
  Array.prototype.forEach.call(document.querySelectorAll("[data-vas]"), function (box) {
    var number = box.querySelector("[data-vas-number]");
    var slider = box.querySelector("[data-vas-range]");
    var wrap = box.querySelector(".vas-slider");
    if (!number || !slider || !wrap) { return; }
    var min = Number(number.dataset.min);
    var max = Number(number.dataset.max);

    function fromNumber() {
      var text = number.value.trim();
      var value = Number(text);
      var valid = text !== "" && /^\d+$/.test(text) && value >= min && value <= max;
      box.classList.toggle("vas-unset", !valid);
      if (valid) { slider.value = String(value); }
    }
    slider.addEventListener("input", function () {
      number.value = slider.value;
      box.classList.remove("vas-unset");
    });
    number.addEventListener("input", fromNumber);
    wrap.hidden = false;
    fromNumber();
  });

  // Body map: a click or tap on an area toggles its checkbox; the figure shows what is ticked.
  var figures = document.querySelector("[data-body-map]");
  if (figures) {
    var form = figures.closest("form");
    var status = figures.querySelector(".body-map-status");
    var checkbox = function (region) {
      return form.querySelector('input[type="checkbox"][name="item_' + region + '"]');
    };
    var labelOf = function (input) {
      return input.labels && input.labels[0] ? input.labels[0].textContent.trim() : "";
    };
    var paint = function () {
      Array.prototype.forEach.call(figures.querySelectorAll("[data-region]"), function (shape) {
        var input = checkbox(shape.getAttribute("data-region"));
        shape.classList.toggle("is-marked", Boolean(input && input.checked));
      });
    };
    Array.prototype.forEach.call(figures.querySelectorAll("[data-region]"), function (shape) {
      var input = checkbox(shape.getAttribute("data-region"));
      if (!input) { return; }
      // A tooltip with the area's (translated) name, taken from its checkbox.
      var title = document.createElementNS("http://www.w3.org/2000/svg", "title");
      title.textContent = labelOf(input);
      shape.appendChild(title);
    });
    figures.addEventListener("click", function (event) {
      var shape = event.target.closest("[data-region]");
      var input = shape && checkbox(shape.getAttribute("data-region"));
      if (!input) { return; }
      input.checked = !input.checked;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      if (status) {
        var template = input.checked ? figures.dataset.msgMarked : figures.dataset.msgUnmarked;
        status.textContent = template.replace("%s", labelOf(input));
      }
    });
    form.addEventListener("change", paint);
    figures.hidden = false;
    paint();
  }

  // Forms that must be sent once: a second press while the first is on its way does nothing.
  // (The server refuses a second submission too; this only spares the participant a message.)
  Array.prototype.forEach.call(document.querySelectorAll("form[data-send-once]"), function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sending) { event.preventDefault(); return; }
      form.dataset.sending = "1";
    });
  });

  // After a refused save, take keyboard and screen-reader users to the list of problems.
  var summary = document.getElementById("error-summary");
  if (summary && summary.hasAttribute("tabindex")) { summary.focus(); }
})();
