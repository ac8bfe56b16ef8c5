/* Programme pages: time on task, and worksheets that autosave without ever losing an answer.
   Loaded as a file (the Content-Security-Policy forbids inline scripts). */
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // Time on task: a heartbeat every 15 s, only while the page is visible and was used in the
  // last minute, so an idle or hidden tab adds nothing.
  var activity = document.getElementById("activity");
  if (activity) {
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
      fetch(activity.dataset.url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() },
        body: new URLSearchParams({ seconds: String(seconds) }),
      }).catch(function () { /* time on task is best effort */ });
    }, 15000);
  }

  var form = document.querySelector("form[data-autosave-url]");
  if (!form) { return; }
  var text = form.dataset;
  var storageKey = form.dataset.storageKey;
  var status = form.querySelector(".autosave-status");
  var revision = form.querySelector("input[name=revision]");
  var conflictBox = form.querySelector(".conflict-choice");
  var conflictText = conflictBox.querySelector("p");
  var timer = null;
  var saving = false;
  var again = false;
  var theirs = null;

  function say(message) { status.textContent = message; }
  function fill(template, value) { return template.replace("%s", value); }

  function answers() {
    var out = {};
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken" || name === "revision") { return; }
      (out[name] = out[name] || []).push(value);
    });
    return out;
  }

  function apply(data) {
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.name === "csrfmiddlewaretoken" || element.name === "revision") {
        return;
      }
      var value = data[element.name];
      var values = value == null ? [] : (Array.isArray(value) ? value : [value]).map(String);
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = values.indexOf(element.value) !== -1;
      } else if (element.tagName !== "BUTTON") {
        element.value = values.length ? values[0] : "";
      }
    });
  }

  // A copy on this device until the server has it: survives a dropped network, an expired
  // session or a closed tab. It is removed as soon as a save succeeds.
  function keepLocally() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({
        data: answers(), revision: Number(revision.value), at: Date.now(),
      }));
    } catch (error) { /* storage full or disabled: the server save still runs */ }
  }
  function localCopy() {
    try { return JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { return null; }
  }
  function forgetLocalCopy() {
    try { localStorage.removeItem(storageKey); } catch (e) { /* nothing kept */ }
  }

  function showConflict(message, serverVersion) {
    theirs = serverVersion;
    conflictText.textContent = message;
    conflictBox.hidden = false;
  }

  function save() {
    if (saving) { again = true; return; }
    saving = true;
    say(text.msgSaving);
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      redirect: "manual",
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 403) {
        say(text.msgLoggedOut);
        return null;
      }
      return response.json().then(function (json) {
        if (response.ok) {
          revision.value = json.revision;
          forgetLocalCopy();
          say(fill(text.msgSaved, json.saved_at));
        } else if (response.status === 409 && json.conflict) {
          showConflict(fill(text.msgConflict, json.saved_at), json);
          say(text.msgNotSaved);
        } else if (response.status === 409 && json.submitted) {
          forgetLocalCopy();
          say(text.msgSubmitted);
        } else {
          say(text.msgInvalid);
        }
      });
    }).catch(function () {
      say(text.msgOffline);
    }).finally(function () {
      saving = false;
      if (again) { again = false; save(); }
    });
  }

  function changed() {
    keepLocally();
    if (!conflictBox.hidden) { return; }  // wait for the participant's choice
    clearTimeout(timer);
    timer = setTimeout(save, 1200);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  window.addEventListener("online", function () { if (localCopy()) { save(); } });

  conflictBox.addEventListener("click", function (event) {
    var choice = event.target.getAttribute("data-conflict");
    if (!choice || !theirs) { return; }
    revision.value = theirs.revision;
    conflictBox.hidden = true;
    if (choice === "theirs") {
      apply(theirs.data);
      forgetLocalCopy();
      say(text.msgShowingTheirs);
    } else {
      save();  // on top of the other version, now that the participant has chosen
    }
    theirs = null;
  });

  // Answers typed here earlier that never reached the server: bring them back.
  var kept = localCopy();
  if (kept && JSON.stringify(kept.data) !== JSON.stringify(answers())) {
    var onServer = { revision: Number(revision.value), data: answers() };
    apply(kept.data);
    if (kept.revision === onServer.revision) {
      say(text.msgRestored);
      save();
    } else {
      showConflict(text.msgRestoredConflict, onServer);
    }
  } else if (kept) {
    forgetLocalCopy();
  }
})();
