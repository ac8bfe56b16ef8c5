/* Inbox pages: reply templates, one send per click.
   Loaded as a file (the Content-Security-Policy forbids inline scripts). */
(function () {
  "use strict";

  // Choosing a template fills the reply at once (without JavaScript, "Use template" reloads).
  document.querySelectorAll("select[data-fills]").forEach(function (select) {
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var target = document.getElementById(select.dataset.fills);
      if (!option || !option.dataset.body || !target) { return; }
      if (target.value.trim() && target.value !== option.dataset.body) {
        target.value = target.value.replace(/\s+$/, "") + "\n\n" + option.dataset.body;
      } else {
        target.value = option.dataset.body;
      }
      target.focus();
    });
  });

  // A second click while the first send is on its way does nothing; the server also stores a
  // message once per form (its hidden key), so a resent form is safe as well.
  document.querySelectorAll("form.message-form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sending) { event.preventDefault(); return; }
      form.dataset.sending = "1";
    });
  });
})();
