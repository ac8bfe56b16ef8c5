/* Inbox pages: therapist time on a participant's pages, reply templates, one send per click.
   Loaded as a file (the Content-Security-Policy forbids inline scripts). */
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // Time with a participant: a heartbeat every 15 s, only while the page is visible and was
  // used in the last minute, so an idle or hidden tab adds nothing.
  var beat = document.getElementById("time-beat");
  if (beat) {
    var lastInput = Date.now();
    var lastBeat = Date.now();
    ["mousemove", "keydown", "scroll", "touchstart", "input"].forEach(function (name) {
      document.addEventListener(name, function () { lastInput = Date.now(); }, { passive: true });
    });
    setInterval(function () {
      var now = Date.now();
      var seconds = Math.min(60, Math.round((now - lastBeat) / 1000));
      lastBeat = now;
      if (document.visibilityState !== "visible" || now - lastInput > 60000) { return; }
      fetch(beat.dataset.url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() },
        body: new URLSearchParams({ seconds: String(seconds) }),
      }).catch(function () { /* time is best effort */ });
    }, 15000);
  }

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
