// onrecord viewer: hover and click on the marks of an article. Plain JavaScript, no build step.
// It only moves and clones nodes the server rendered (and escaped); it never builds HTML from strings.
"use strict";
(function () {
  const text = document.getElementById("text");
  const pop = document.getElementById("popover");
  if (!text) return;

  const aidsOf = (el) => (el.dataset.a || "").split(" ").filter(Boolean);
  const partsOf = (aid) => text.querySelectorAll('[data-a~="' + CSS.escape(aid) + '"]');
  const sideOf = (aid) => document.getElementById("side-" + aid);

  function setHot(aid, on) {
    partsOf(aid).forEach((el) => el.classList.toggle("hot", on));
    const side = sideOf(aid);
    if (side) side.classList.toggle("hot", on);
  }

  function flash(aid) {
    partsOf(aid).forEach((el) => { el.classList.remove("flash"); void el.offsetWidth; el.classList.add("flash"); });
  }

  text.addEventListener("mouseover", (e) => {
    const el = e.target.closest("[data-a]");
    if (el) aidsOf(el).slice(0, 1).forEach((aid) => setHot(aid, true));
  });
  text.addEventListener("mouseout", (e) => {
    const el = e.target.closest("[data-a]");
    if (el) aidsOf(el).forEach((aid) => setHot(aid, false));
  });

  // Click on a mark: a popover with kind, speaker, addressee, hedging and confidence of each
  // attribution the mark belongs to (innermost first), cloned from the side list.
  text.addEventListener("click", (e) => {
    const el = e.target.closest("[data-a]");
    if (!el || !pop) return;
    e.stopPropagation();
    pop.replaceChildren();
    for (const aid of aidsOf(el)) {
      const side = sideOf(aid);
      if (!side) continue;
      const item = side.cloneNode(true);
      item.removeAttribute("id");
      item.classList.remove("hot");
      pop.appendChild(item);
      side.scrollIntoView({ block: "nearest" });
    }
    const r = el.getBoundingClientRect();
    pop.style.left = Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - 420)) + "px";
    pop.style.top = (window.scrollY + r.bottom + 6) + "px";
    pop.hidden = false;
  });
  document.addEventListener("click", (e) => { if (pop && !pop.contains(e.target)) pop.hidden = true; });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape" && pop) pop.hidden = true; });

  // Side list: hovering an item lights its marks; its cue link jumps to them.
  document.querySelectorAll("li.attr[data-a]").forEach((li) => {
    const aid = li.dataset.a;
    li.addEventListener("mouseenter", () => setHot(aid, true));
    li.addEventListener("mouseleave", () => setHot(aid, false));
    const go = li.querySelector("a.goto");
    if (go) go.addEventListener("click", () => flash(aid));
  });

  // Arriving from a speaker page or a search hit (#attr-a3): show where it is.
  const m = /^#attr-(.+)$/.exec(decodeURIComponent(location.hash));
  if (m) flash(m[1]);
})();
