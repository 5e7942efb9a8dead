// The editors' workspace in the browser.
// Keyboard review in the article reader: j/k move between claims, a/r approve or reject,
// e edits, x selects for bulk review, ? lists the keys. Typing in a form field never
// triggers a shortcut. Selecting a passage of the article opens a panel to create a claim
// from it or attach it as evidence; its offsets are counted in code points, as Python does.
(function () {
  "use strict";
  // The focused claim is remembered by id: htmx replaces the card element (and, while it
  // settles, its classes), so the DOM alone cannot say which claim the editor is on.
  var currentId = null;
  function cards() { return Array.from(document.querySelectorAll(".claim-card")); }
  function current() { return currentId ? document.getElementById(currentId) : null; }
  function focusCard(card) {
    if (!card) return;
    currentId = card.id;
    cards().forEach(function (c) { c.classList.remove("focus"); });
    document.querySelectorAll("mark.focus").forEach(function (m) { m.classList.remove("focus"); });
    card.classList.add("focus");
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: "nearest" });
    var id = card.dataset.claim;
    document.querySelectorAll("mark[data-claims]").forEach(function (m) {
      if (m.dataset.claims.split(" ").indexOf(id) >= 0) { m.classList.add("focus"); }
    });
  }
  function move(step) {
    var list = cards();
    if (!list.length) return;
    var index = list.indexOf(current());
    var next = index < 0 ? 0 : Math.min(list.length - 1, Math.max(0, index + step));
    focusCard(list[next]);
  }
  function press(selector) {
    var card = current();
    if (!card) return;
    var button = card.querySelector(selector);
    if (button) { button.click(); }
  }
  function toggleSelected() {
    var card = current();
    var box = card && card.querySelector("input.select");
    if (!box) return;
    box.checked = !box.checked;
    box.dispatchEvent(new Event("change", { bubbles: true }));
  }
  function toggleHelp() {
    var help = document.getElementById("keys-help");
    if (help) { help.hidden = !help.hidden; }
  }
  function updateBulkCount() {
    var count = document.querySelectorAll(".claim-card input.select:checked").length;
    document.querySelectorAll(".bulk-count").forEach(function (out) { out.textContent = String(count); });
    document.querySelectorAll(".claim-card").forEach(function (card) {
      var box = card.querySelector("input.select");
      card.classList.toggle("selected", !!(box && box.checked));
    });
  }
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || event.metaKey || event.ctrlKey || event.altKey) return;
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "a": press("button.approve"); break;
      case "r": press("button.reject"); break;
      case "e": press("a.edit"); break;
      case "x": toggleSelected(); break;
      case "?": toggleHelp(); break;
      case "Escape": hidePanel(); break;
      default: return;
    }
    event.preventDefault();
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input.select")) { updateBulkCount(); }
  });
  // A conflict (409) carries the current version of the claim: show it, do not drop it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr && event.detail.xhr.status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // Keep the focus on the card htmx just replaced, once its attributes have settled.
  document.addEventListener("htmx:afterSettle", function () {
    var card = current();
    if (card) { focusCard(card); }
    updateBulkCount();
  });
  document.addEventListener("click", function (event) {
    var card = event.target.closest && event.target.closest(".claim-card");
    if (card) { focusCard(card); }
    if (event.target.matches && event.target.matches("[data-close]")) { hidePanel(); }
  });

  // Anchoring: map a DOM selection to offsets in article.text ------------------------
  function codePoints(text) {
    var n = 0;
    for (var _ of text) { n++; } // eslint-disable-line no-unused-vars
    return n;
  }
  function paragraphOffset(paragraph, node, offset) {
    var range = document.createRange();
    range.setStart(paragraph, 0);
    range.setEnd(node, offset);
    return Number(paragraph.dataset.offset) + codePoints(range.toString());
  }
  // The [start, end) offsets of the selection in the article text, or null.
  function selectionOffsets(source) {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    var range = selection.getRangeAt(0);
    var paragraphs = Array.from(source.querySelectorAll("p[data-offset]")).filter(function (p) {
      return range.intersectsNode(p);
    });
    if (!paragraphs.length) return null;
    var first = paragraphs[0];
    var last = paragraphs[paragraphs.length - 1];
    var start = first.contains(range.startContainer)
      ? paragraphOffset(first, range.startContainer, range.startOffset)
      : Number(first.dataset.offset);
    var end = last.contains(range.endContainer)
      ? paragraphOffset(last, range.endContainer, range.endOffset)
      : Number(last.dataset.offset) + codePoints(last.textContent);
    if (end <= start) return null;
    return { start: start, end: end, text: range.toString() };
  }
  function hidePanel() {
    var panel = document.getElementById("selection-panel");
    if (panel) { panel.hidden = true; }
  }
  function showPanel(found) {
    var panel = document.getElementById("selection-panel");
    if (!panel) return;
    panel.querySelectorAll("input[name=start]").forEach(function (input) { input.value = String(found.start); });
    panel.querySelectorAll("input[name=end]").forEach(function (input) { input.value = String(found.end); });
    panel.querySelector("[data-quote]").textContent = found.text;
    panel.querySelector("[data-start]").textContent = String(found.start);
    panel.querySelector("[data-end]").textContent = String(found.end);
    panel.hidden = false;
  }
  function onSelect() {
    var source = document.querySelector("article.source .article-text");
    if (!source) return;
    var found = selectionOffsets(source);
    if (found) { showPanel(found); }
  }
  document.addEventListener("mouseup", function (event) {
    if (event.target.closest && event.target.closest("article.source")) { window.setTimeout(onSelect, 0); }
  });
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey && event.target.closest && !event.target.closest("#selection-panel")) { onSelect(); }
  });
  window.ronten = { selectionOffsets: selectionOffsets, onSelect: onSelect };
})();
