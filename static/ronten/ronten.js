// The editors' workspace in the browser.
// Keyboard review in the article reader: j/k move between the claims awaiting a decision
// (every claim when "#review-all" is ticked), a/r approve or reject, u undoes the last
// decision, e edits, x selects for bulk review, ? lists the keys. A published claim is
// never withdrawn by one key: r opens its reason field instead. After a decision the focus
// moves on to the next claim awaiting one. Typing in a form field never triggers a shortcut. Selecting a passage of the article opens a panel to create a claim
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
  function visited(card) {
    var all = document.getElementById("review-all");
    return (all && all.checked) || card.dataset.status === "candidate";
  }
  function move(step) {
    var list = cards();
    if (!list.length) return;
    var index = list.indexOf(current());
    for (var i = index + step; i >= 0 && i < list.length; i += step) {
      if (visited(list[i])) { focusCard(list[i]); return; }
    }
    if (index < 0) { focusCard(list.filter(visited)[0] || list[0]); }
  }
  // After a decision: the next claim awaiting one, else the first such claim above.
  function advance() {
    var list = cards();
    var index = list.indexOf(current());
    var waiting = function (card) { return card.dataset.status === "candidate"; };
    var next = list.slice(index + 1).filter(waiting)[0] || list.slice(0, index).filter(waiting)[0];
    if (next) { focusCard(next); }
  }
  function reject() {
    var card = current();
    if (!card) return;
    var withdraw = card.querySelector("details.withdraw");
    if (withdraw) {
      withdraw.open = true;
      withdraw.querySelector("input[name=reason]").focus();
      return;
    }
    press("button.reject");
  }
  function undoLast() {
    var buttons = document.querySelectorAll(".undo-notice button.undo");
    if (buttons.length) { buttons[buttons.length - 1].click(); }
  }
  // The undo notice stays a few seconds, then goes; the decision itself is already saved.
  function expireUndoNotices() {
    document.querySelectorAll(".undo-notice:not([data-timer])").forEach(function (notice) {
      notice.dataset.timer = "1";
      window.setTimeout(function () { notice.remove(); }, 1000 * Number(notice.dataset.seconds || 8));
    });
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
    var typing = tag === "textarea" || tag === "select" || event.target.isContentEditable ||
      (tag === "input" && ["checkbox", "radio", "button", "submit"].indexOf(event.target.type) < 0);
    if (typing || event.metaKey || event.ctrlKey || event.altKey) return;
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "a": press("button.approve"); break;
      case "r": reject(); break;
      case "u": undoLast(); break;
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
  // A conflict (409) carries the current version of the claim, a refusal (422) the card with
  // what it asks for: show them, do not drop them.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr && event.detail.xhr.status;
    if (status === 409 || status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // Keep the focus on the card htmx just replaced, once its attributes have settled; after
  // a decision, move on to the next claim awaiting one.
  document.addEventListener("htmx:afterSettle", function () {
    var card = current();
    if (card) { focusCard(card); }
    if (card && card.hasAttribute("data-decided")) {
      card.removeAttribute("data-decided");
      advance();
    }
    var invalid = card && card.querySelector("input[aria-invalid=true]");
    if (invalid) { invalid.focus(); }
    document.querySelectorAll(".date-control").forEach(showDateInputs);
    var editor = card && card.classList.contains("editing") && card.querySelector("textarea[name=text]");
    var inside = document.activeElement !== card && card && card.contains(document.activeElement);
    if (editor && !inside) { editor.focus(); }
    expireUndoNotices();
    updateBulkCount();
  });
  document.addEventListener("DOMContentLoaded", function () {
    expireUndoNotices();
    document.querySelectorAll(".date-control").forEach(showDateInputs);
  });

  // The claim editor ------------------------------------------------------------------
  // The date control shows only the inputs its precision uses (data-for lists them).
  function showDateInputs(control) {
    var checked = control.querySelector("input[name=date_precision]:checked");
    var precision = checked ? checked.value : "";
    control.dataset.precision = precision;
    control.querySelectorAll("[data-for]").forEach(function (field) {
      field.hidden = field.dataset.for.split(" ").indexOf(precision) < 0;
    });
  }
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("input[name=date_precision]")) {
      showDateInputs(target.closest(".date-control"));
    }
    // A picked actor or issue joins the chosen ones, so a new search does not drop it.
    if (target.matches && target.matches(".lexicon-choice") && target.checked) {
      var picker = target.closest(".lexicon-picker");
      var label = target.closest("label");
      var already = picker.querySelector('.chosen input[value="' + target.value + '"]');
      if (already) { already.checked = true; label.remove(); return; }
      label.classList.add("chip");
      target.classList.remove("lexicon-choice");
      picker.querySelector(".chosen").appendChild(label);
    }
  });
  // Escape in the inline editor puts the card back unchanged.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var editing = event.target.closest && event.target.closest(".claim-card.editing");
    var cancel = editing && editing.querySelector("a.cancel[hx-get]");
    if (cancel) { cancel.click(); }
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
