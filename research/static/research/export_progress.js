// Polls the export's status and shows its progress; reloads once it is ready or failed.
(function () {
  "use strict";
  var box = document.getElementById("export-status");
  if (!box || box.dataset.finished === "true") return;
  var url = box.dataset.statusUrl;
  var bar = document.getElementById("export-progress");
  var state = document.getElementById("export-state");

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        if (bar) { bar.value = data.progress; bar.textContent = data.progress + "%"; }
        if (state) state.textContent = data.label;
        if (data.state === "done" || data.state === "failed") {
          window.location.reload();
          return;
        }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
