// Keyboard review in the article reader: j/k move between claims, a/r approve or reject,
// e edits, ? lists the keys. Typing in a form field never triggers a shortcut.
(function () {
  "use strict";
  function cards() { return Array.from(document.querySelectorAll(".claim-card")); }
  function current() { return document.querySelector(".claim-card.focus"); }
  function focusCard(card) {
    if (!card) return;
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
  function toggleHelp() {
    var help = document.getElementById("keys-help");
    if (help) { help.hidden = !help.hidden; }
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
      case "?": toggleHelp(); break;
      default: return;
    }
    event.preventDefault();
  });
  // Keep the focus on the card htmx just replaced.
  document.addEventListener("htmx:afterSwap", function (event) {
    var card = event.detail.target && event.detail.target.id ? document.getElementById(event.detail.target.id) : null;
    if (card && card.classList.contains("claim-card")) { focusCard(card); }
  });
  document.addEventListener("click", function (event) {
    var card = event.target.closest && event.target.closest(".claim-card");
    if (card) { focusCard(card); }
  });
})();
