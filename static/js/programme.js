/* Programme pages: worksheets that autosave without ever losing an answer.
   Loaded as a file (the Content-Security-Policy forbids inline scripts). */
(function () {
  "use strict";

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

  // Whether the form shows exactly `data` (a server version, keyed by field name).
  function sameAnswers(data) {
    var mine = answers();
    var names = Object.keys(mine).concat(Object.keys(data));
    return names.every(function (name) {
      var ours = (mine[name] || []).map(String).filter(Boolean).sort();
      var value = data[name];
      var theirs = (value == null ? [] : Array.isArray(value) ? value : [value])
        .map(String).filter(Boolean).sort();
      return JSON.stringify(ours) === JSON.stringify(theirs);
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
        } else if (response.status === 409 && json.conflict && sameAnswers(json.data)) {
          // The other save holds exactly these answers (e.g. this page's own earlier request,
          // whose reply was lost): nothing to choose between.
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
