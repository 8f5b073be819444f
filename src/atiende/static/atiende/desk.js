/* Atiende desk — keyboard shortcuts (web/README.md, "Keyboard shortcuts").
 *
 * Pages only mark elements; this file finds them:
 *   data-row="<id>"          a row of a list; j / k move the selection, Enter opens it
 *   data-row-link            the link of a row that Enter follows (else the row's first link)
 *   data-shortcut="reply"    r: the public-reply composer      (a field, or a container/details
 *   data-shortcut="note"     n: the internal-note composer      whose first field gets focus;
 *   data-shortcut="assign"   a: the assign control              several names may share one
 *   data-shortcut="search"   /: the search box                  element: "reply note")
 *   data-shortcut-help       a button that opens the help, like ?
 *   #shortcuts-help          the <dialog> with the list (templates/desk/base_desk.html)
 * Nothing fires while a person types in a field, with Ctrl/Alt/Meta held, or while a dialog
 * is open (Esc closes it: the browser's own <dialog> behaviour).
 */
(function () {
  "use strict";

  var KEYS = { r: "reply", n: "note", a: "assign", "/": "search" };
  var FIELDS = "input:not([type=hidden]):not([disabled]), textarea:not([disabled]), select:not([disabled])";
  var selectedId = null;

  // Controls where a letter is input, not a command. A focused checkbox (the bulk selection of
  // the list) or button is not one: j / k still move from there.
  var NOT_TYPING = ["checkbox", "radio", "button", "submit", "reset", "image", "file", "range", "color"];

  function typing(target) {
    if (!target || !target.closest) return false;
    var field = target.closest("input, textarea, select, [contenteditable=''], [contenteditable=true]");
    if (!field) return false;
    if (field.tagName === "INPUT") return NOT_TYPING.indexOf((field.type || "text").toLowerCase()) === -1;
    return true;
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-row]"));
  }

  function rowLink(row) {
    return row.querySelector("[data-row-link]") || row.querySelector("a[href]");
  }

  function select(row) {
    rows().forEach(function (other) {
      other.classList.remove("is-selected");
      other.removeAttribute("aria-current");
    });
    if (!row) return;
    row.classList.add("is-selected");
    row.setAttribute("aria-current", "true");
    selectedId = row.getAttribute("data-row");
    var link = rowLink(row);
    if (link) link.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }

  function selectedRow() {
    if (selectedId === null) return null;
    return rows().filter(function (row) { return row.getAttribute("data-row") === selectedId; })[0] || null;
  }

  function move(step) {
    var all = rows();
    if (!all.length) return false;
    var index = all.indexOf(selectedRow());
    if (index === -1) index = step > 0 ? 0 : all.length - 1;
    else index = Math.min(all.length - 1, Math.max(0, index + step));
    select(all[index]);
    return true;
  }

  function open() {
    var row = selectedRow();
    var link = row && rowLink(row);
    if (!link) return false;
    link.click();
    return true;
  }

  function target(name) {
    var element = document.querySelector('[data-shortcut~="' + name + '"]');
    if (!element) return null;
    if (element.matches(FIELDS)) return element;
    if (element.tagName === "DETAILS") element.open = true;
    return element.querySelector(FIELDS) || element;
  }

  function focusShortcut(name) {
    var element = target(name);
    if (!element) return false;
    element.scrollIntoView({ block: "center" });
    element.focus();
    return document.activeElement === element;
  }

  function help() {
    var dialog = document.getElementById("shortcuts-help");
    if (!dialog || dialog.open) return false;
    dialog.showModal();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
    if (typing(event.target) || document.querySelector("dialog[open]")) return;
    var key = event.key;
    var done = false;
    if (key === "j") done = move(1);
    else if (key === "k") done = move(-1);
    else if (key === "Enter") {
      // A focused link or button does its own thing on Enter.
      if (event.target.closest && event.target.closest("a[href], button, summary")) return;
      done = open();
    } else if (key === "?") done = help();
    else if (Object.prototype.hasOwnProperty.call(KEYS, key)) done = focusShortcut(KEYS[key]);
    if (done) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-shortcut-help]")) help();
  });

  // Screen readers announce the keys next to the controls they reach.
  function label() {
    Object.keys(KEYS).forEach(function (key) {
      var element = target(KEYS[key]);
      if (!element) return;
      var keys = (element.getAttribute("aria-keyshortcuts") || "").split(" ").filter(Boolean);
      var name = key === "/" ? "/" : key.toUpperCase();
      if (keys.indexOf(name) === -1) keys.push(name);
      element.setAttribute("aria-keyshortcuts", keys.join(" "));
    });
  }

  document.addEventListener("DOMContentLoaded", label);
  // A list refreshed by htmx (polling) keeps its selection: the row with the same id.
  document.addEventListener("htmx:afterSettle", function () {
    label();
    var row = selectedRow();
    if (row) {
      row.classList.add("is-selected");
      row.setAttribute("aria-current", "true");
    }
  });
})();
