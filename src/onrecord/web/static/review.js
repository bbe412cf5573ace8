// onrecord viewer, review mode (`onrecord serve --review`): mark an attribution wrong, set its
// speaker, add a missed quote from a selection, undo. Loaded only in review mode. Every write
// carries the session's token from the page's <meta>, which a page on another site cannot read.
"use strict";
(function () {
  const meta = document.querySelector('meta[name="onrecord-review-token"]');
  const review = document.getElementById("review");
  const text = document.getElementById("text");
  if (!meta || !review || !text) return;
  const token = meta.content;
  const doc = review.dataset.doc;
  const status = document.getElementById("r-status");
  const reason = document.getElementById("r-reason");
  const entities = new Map([...document.querySelectorAll("#r-entities option")].map((o) => [o.value, o.dataset.e]));

  async function send(url, body) {
    status.textContent = "saving…";
    const r = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Onrecord-Token": token },
      body: JSON.stringify(body || {}),
    });
    if (r.ok) { location.reload(); return; }
    let message = "HTTP " + r.status;
    try { message = (await r.json()).error.message; } catch (e) { /* not our error shape */ }
    status.textContent = message;
  }

  const why = () => (reason && reason.value.trim()) || null;
  // A name the document's entities hold is that entity; another is a new speaker.
  const speaker = (name) => entities.has(name) ? { entity: entities.get(name) } : { name: name };

  // The record's offset of a point in the article: the line's own offset (data-o) plus the code
  // points before the point in that line (Python counts code points, JavaScript UTF-16 units).
  function offset(node, off) {
    const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const line = el && el.closest(".t[data-o]");
    if (!line) return null;
    const r = document.createRange();
    r.setStart(line, 0);
    r.setEnd(node, off);
    return Number(line.dataset.o) + [...r.toString()].length;
  }

  // The last selection made inside the article, kept when a click elsewhere clears it.
  let picked = null;
  document.addEventListener("selectionchange", () => {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    const r = sel.getRangeAt(0);
    if (!text.contains(r.startContainer) || !text.contains(r.endContainer)) return;
    const start = offset(r.startContainer, r.startOffset);
    const end = offset(r.endContainer, r.endOffset);
    if (start !== null && end !== null && end > start) picked = { start: start, end: end };
  });

  document.addEventListener("click", (e) => {
    const b = e.target.closest("button");
    if (!b) return;
    if (b.classList.contains("r-wrong")) {
      send("/api/corrections", { doc: doc, change: "wrong", aid: b.dataset.aid, reason: why() });
    } else if (b.classList.contains("r-speaker")) {
      const input = b.parentElement.querySelector(".r-speaker-name");
      const name = input ? input.value.trim() : "";
      if (!name) { status.textContent = "type the speaker's name first"; return; }
      send("/api/corrections", Object.assign({ doc: doc, change: "speaker", aid: b.dataset.aid, reason: why() },
                                             speaker(name)));
    } else if (b.id === "r-add") {
      if (!picked) { status.textContent = "select the words of the quote in the article first"; return; }
      const name = document.getElementById("r-add-speaker").value.trim();
      send("/api/corrections", Object.assign({ doc: doc, change: "add", start: picked.start, end: picked.end,
                                               reason: why() }, name ? speaker(name) : {}));
    } else if (b.classList.contains("r-undo")) {
      send("/api/corrections/" + encodeURIComponent(b.dataset.id) + "/undo", {});
    }
  });
})();
