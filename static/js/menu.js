/* The main menu behind a "Menu" button on small screens. Without this script the button stays
   hidden and the whole menu shows, so the menu works without JavaScript too.
   Loaded as a file (the Content-Security-Policy forbids inline scripts). */
(function () {
  "use strict";
  var button = document.querySelector(".menu-button[aria-controls]");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) { return; }
  // The same width as the @media rule for the menu in app.css.
  var narrow = window.matchMedia("(max-width: 40em)");

  function show(open) {
    button.setAttribute("aria-expanded", String(open));
    menu.hidden = !open;
  }

  function fit() {
    button.hidden = !narrow.matches;
    show(!narrow.matches);
  }

  button.addEventListener("click", function () {
    show(button.getAttribute("aria-expanded") !== "true");
  });
  // Escape closes the open menu and puts the focus back on its button.
  button.parentElement.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !button.hidden && !menu.hidden) {
      show(false);
      button.focus();
    }
  });
  narrow.addEventListener("change", fit);
  fit();
})();
