/* Time on task: a heartbeat every 15 s to the URL in [data-heartbeat-url], only while the page
   is visible and was used in the last minute, so an idle or hidden tab adds nothing.
   Used by programme pages (participant's time) and inbox pages (therapist's time). */
(function () {
  "use strict";
  var beat = document.querySelector("[data-heartbeat-url]");
  if (!beat) { return; }
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
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
    fetch(beat.dataset.heartbeatUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" },
      body: new URLSearchParams({ seconds: String(seconds) }),
    }).catch(function () { /* time on task is best effort */ });
  }, 15000);
})();
