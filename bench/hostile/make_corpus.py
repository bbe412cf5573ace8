"""Write a hostile corpus: documents and folders that once stopped, hung or lost an onrecord run.

    python bench/hostile/make_corpus.py OUT      # OUT/docs (text input), OUT/feed (JSON Lines), OUT/cases.json

Every case is written as real files (a Latin-1 file name, a named pipe, a symbolic-link loop, an
unreadable folder, ...). ``cases.json`` lists, per case, the documents it holds and what each
must become: ``record`` or ``failure`` (a failure row and a one-line error). ``run.py`` checks a
run against it. The articles are invented for this corpus.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from pathlib import Path

ARTICLE = (
    "Harbor Board Delays Vote on Dredging Contract\n\n"
    "The Lakeport harbor board postponed a vote on Tuesday on a $40 million dredging contract.\n\n"
    "\"We need another month to read the audit,\" board chair Mara Quint told reporters.\n\n"
    "The contractor said it would answer every question the auditors raised.\n"
)


def article(n: int) -> str:
    return ARTICLE.replace("Tuesday", ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"][n % 5]) + \
        f"\nThe board meets again in {n + 2} weeks.\n"


def make(out: Path) -> list[dict[str, object]]:
    docs, feed = out / "docs", out / "feed"
    docs.mkdir(parents=True)
    feed.mkdir()
    cases: list[dict[str, object]] = []

    def case(name: str, docs: list[tuple[str, str, str]], mode: str = "text") -> None:
        """One case: its documents as (where: the file, or feed line, its origin ends with; the id
        its record gets; what it must become: "record" or "failure")."""
        cases.append({"case": name, "mode": mode, "docs": [{"key": k, "id": i, "expect": e} for k, i, e in docs]})

    for n in range(3):
        (docs / f"plain{n}.txt").write_text(article(n), encoding="utf-8")
    case("plain articles", [(f"plain{n}.txt", f"plain{n}", "record") for n in range(3)])
    # A Latin-1 byte in a file name, as in archives copied from old systems.
    with open(os.path.join(os.fsencode(docs), b"caf\xe9 report.txt"), "w", encoding="utf-8") as fh:
        fh.write(article(10))
    case("file name not UTF-8", [("caf\\xe9 report.txt", "caf\\xe9 report", "record")])
    os.mkfifo(docs / "pipe.txt")
    case("named pipe in the folder", [("pipe.txt", "pipe", "failure")])
    (docs / "loop.txt").symlink_to("loop.txt")
    case("symbolic-link loop", [("loop.txt", "loop", "failure")])
    locked = docs / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(article(11), encoding="utf-8")
    locked.chmod(0)
    case("unreadable subfolder" + (" (root reads it anyway)" if os.geteuid() == 0 else ""),
         [("locked", "locked/inside" if os.geteuid() == 0 else "inside", "failure" if os.geteuid() != 0 else "record")])
    deep = "<html><body>" + "<div>" * 400 + "<p>" + article(12).replace("\n\n", "</p><p>") + "</p>" + \
        "</div>" * 400 + "</body></html>"
    (docs / "deep.html").write_text(deep, encoding="utf-8")
    case("HTML nested 400 levels", [("deep.html", "deep", "record")])
    mixed = ("Café owners say the levy is “unfair”, the chamber’s chair said.\n\n".encode()
             + "“We were never asked about the café levy,” said Ana Ruíz, who runs a pâtisserie near the "
             "square.\n\n"
             .encode("cp1252") + article(13).encode("utf-8"))
    (docs / "mixed.txt").write_bytes(mixed)
    case("UTF-8 with one Windows-1252 paragraph", [("mixed.txt", "mixed", "record")])
    (docs / "bidi.txt").write_text(article(14).replace("Mara Quint", "Mara \u202eQuint\u202c"),
                                   encoding="utf-8")
    case("bidi override in a speaker's name", [("bidi.txt", "bidi", "record")])
    (docs / "empty.txt").write_bytes(b"")
    case("empty file", [("empty.txt", "empty", "failure")])
    (docs / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    case("binary file", [("binary.txt", "binary", "failure")])
    (docs / "huge.txt").write_text(article(15) * 80_000, encoding="utf-8")  # about 22 MB
    case("document over the size limit", [("huge.txt", "huge", "failure")])
    (docs / "nul.txt").write_text(article(16).replace("board", "bo\x00ard", 1), encoding="utf-8")
    case("NUL byte in the text", [("nul.txt", "nul", "record")])
    # Gzipped pages, as scrapers and web archives keep them; a damaged one, and one that inflates
    # from 30 kB to 30 MB, fail alone.
    html = "<html><body><h1>Harbor Board Delays Vote</h1><p>" + article(17).replace("\n\n", "</p><p>") + \
        "</p></body></html>"
    (docs / "page.html.gz").write_bytes(gzip.compress(html.encode("utf-8"), mtime=0))
    (docs / "story.txt.gz").write_bytes(gzip.compress(article(18).encode("utf-8"), mtime=0))
    case("gzipped HTML and text", [("page.html.gz", "page", "record"), ("story.txt.gz", "story", "record")])
    (docs / "cut.txt.gz").write_bytes(gzip.compress(article(19).encode("utf-8") * 20, mtime=0)[:-40])
    case("gzip file cut short", [("cut.txt.gz", "cut", "failure")])
    (docs / "inflates.txt.gz").write_bytes(gzip.compress(b" " * 30_000_000, mtime=0))
    case("gzip inflating over the size limit", [("inflates.txt.gz", "inflates", "failure")])

    lines = [
        json.dumps({"id": "feed-ok-1", "text": article(20)}).encode(),
        b'{"id": "\\ud800lone", "text": ' + json.dumps(article(21)).encode() + b"}",
        b'{"id": ' + b"7" * 5000 + b', "text": "x"}',
        b'{"id": "typed", "text": 7}',
        b'{"id": "broken", "text": "unterminated',
        b'{"id": "latin1-line", "text": "caf\xe9 owners said it"}',
        b'{"id": "url-surrogate", "url": "http://example.org/\\udc80", "text": '
        + json.dumps(article(22)).encode() + b"}",
        b"[" * 100_000 + b"]" * 100_000,
        json.dumps({"id": "feed-ok-2", "text": article(23)}).encode(),
    ]
    (feed / "feed.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    ids = ["feed-ok-1", "\ufffdlone", "", "", "", "", "url-surrogate", "", "feed-ok-2"]
    for n, (name, expect) in enumerate([
            ("feed: plain line", "record"), ("feed: lone surrogate in id", "record"),
            ("feed: id of 5,000 digits", "failure"), ("feed: text is a number", "failure"),
            ("feed: malformed JSON", "failure"), ("feed: undecodable byte", "failure"),
            ("feed: lone surrogate in url", "record"), ("feed: nesting 100,000 deep", "failure"),
            ("feed: plain line after them", "record")], 1):
        case(name, [(f"feed.jsonl:{n}", ids[n - 1], expect)], mode="jsonl")
    (out / "cases.json").write_text(json.dumps(cases, indent=2) + "\n", encoding="utf-8")
    return cases


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_corpus.py OUT (a new folder)")
    target = Path(sys.argv[1])
    if target.exists():
        sys.exit(f"{target} exists; give a new folder")
    made = make(target)
    print(f"{sum(len(c['docs']) for c in made)} documents in {len(made)} cases under {target}")
