/* The time zone page (accounts/account_time_zone.html). Two enhancements of the plain select,
   which works without them:
   - a search box that narrows the long list to the places whose name contains what is typed;
   - for someone who has never chosen a zone (data-never-chosen), the device's own zone is
     selected and said so, to be saved or changed.
   The texts come from the form's data-msg-* attributes, translated by the template. */
(function () {
  "use strict";
  var form = document.querySelector("form.time-zone-form");
  var select = form && form.querySelector("select[name=time_zone]");
  if (!select) { return; }
  var text = form.dataset;
  var all = Array.prototype.slice.call(select.children);

  function fill(template, value) { return template.replace("%s", value); }
  function plain(value) { return value.toLowerCase().replace(/_/g, " "); }

  function labelOf(option) {
    var parent = option.parentNode;  // none for a top-level option while it is filtered out
    var group = parent && parent.tagName === "OPTGROUP" ? parent.label : "";
    return group ? option.textContent + " (" + group + ")" : option.textContent;
  }

  // The device's zone, offered to someone who has never chosen one.
  var device = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (text.neverChosen === "true" && device && device !== select.value) {
    var match = select.querySelector("option[value='" + CSS.escape(device) + "']");
    if (match) {
      select.value = device;
      var note = document.createElement("p");
      note.className = "device-zone";
      note.setAttribute("role", "status");
      note.textContent = fill(text.msgDevice, labelOf(match));
      select.insertAdjacentElement("afterend", note);
    }
  }

  // The search box, above the select, with a live count of the places that match.
  var field = select.closest(".field") || select.parentNode;
  var wrapper = document.createElement("div");
  wrapper.className = "field";
  var label = document.createElement("label");
  label.htmlFor = "time-zone-search";
  label.textContent = text.msgSearch;
  var search = document.createElement("input");
  search.type = "search";
  search.id = "time-zone-search";
  search.autocomplete = "off";
  search.setAttribute("aria-controls", select.id);
  var status = document.createElement("p");
  status.className = "help";
  status.setAttribute("role", "status");
  wrapper.append(label, search, status);
  field.parentNode.insertBefore(wrapper, field);

  function show(nodes) {
    var chosen = select.value;
    select.replaceChildren.apply(select, nodes);
    select.value = chosen;
    if (select.selectedIndex < 0) { select.selectedIndex = 0; }
  }

  search.addEventListener("input", function () {
    var query = plain(search.value.trim());
    if (!query) { show(all); status.textContent = ""; return; }
    var found = [];
    var count = 0;
    all.forEach(function (node) {
      var options = node.tagName === "OPTGROUP" ? Array.prototype.slice.call(node.children) : [node];
      var matches = options.filter(function (option) {
        return plain(labelOf(option)).indexOf(query) >= 0 || plain(option.value).indexOf(query) >= 0;
      });
      if (!matches.length) { return; }
      count += matches.length;
      if (node.tagName === "OPTGROUP") {
        var group = node.cloneNode(false);
        group.append.apply(group, matches.map(function (option) { return option.cloneNode(true); }));
        found.push(group);
      } else {
        found.push(node.cloneNode(true));
      }
    });
    if (count) {
      show(found);
      status.textContent = fill(text.msgMatches, count);
    } else {
      show(all);
      status.textContent = text.msgNoMatch;
    }
  });
})();
