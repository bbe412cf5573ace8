"""read: bytes in any common encoding (or HTML) to the record's text.

The record's ``text`` is the decoded input as given: a byte-order mark is
dropped and control characters (NUL and the like) become a space, so that no
offset moves; line endings are left alone. Every offset in the record, and in
the gold data onrecord is measured against, indexes this text.

HTML is recognized and turned into text with its paragraph structure by
trafilatura; the page's own metadata (title, author, site, date) rides along
in :class:`Source` for the layout and meta stages.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..errors import InputError
from ..model import Record
from ..state import Options, State

NAME = "read"
NEEDS: tuple[str, ...] = ("input",)
ADDS: tuple[str, ...] = ("text", "source")

# Control characters other than tab, line feed and carriage return, and the C1 block.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]")
_BINARY_MAGIC = (
    b"\x89PNG", b"%PDF", b"\x1f\x8b", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8", b"\x7fELF",
    b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"OggS", b"RIFF", b"ID3",
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
                         re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"</?(?:p|div|br|span|a|li|ul|table|h[1-6]|article|section|script|meta)\b[^>]*>",
                       re.IGNORECASE)
# Share of control characters (after decoding) above which a document is binary, not text with a stray NUL.
_BINARY_SHARE = 0.10


@dataclass(frozen=True, slots=True)
class Source:
    """How the text was obtained: its encoding and, for HTML, the page's own metadata."""

    encoding: str
    html: bool = False
    title: str | None = None
    author: str | None = None
    sitename: str | None = None
    date: str | None = None
    url: str | None = None


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def check_size(n: int, *, doc: str, max_bytes: int | None, at_least: bool = False) -> None:
    """Raise :class:`InputError` when ``n`` bytes are over ``max_bytes`` (``at_least``: the
    reader stopped at the limit, so the true size is unknown)."""
    if max_bytes is not None and n > max_bytes:
        size = f"over {_size(max_bytes)}" if at_least else f"{_size(n)}, over the {_size(max_bytes)} limit"
        raise InputError(doc, f"document is {size} (raise the limit with --max-bytes)")


def decode(data: bytes, *, doc: str = "document", max_bytes: int | None = None) -> tuple[str, str]:
    """Decode ``data`` to text: (text, encoding). Raises :class:`InputError` for empty,
    oversized, binary or undecodable input."""
    check_size(len(data), doc=doc, max_bytes=max_bytes)
    if not data.strip():
        raise InputError(doc, "empty document")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError as e:
                raise InputError(doc, f"not valid {enc} although it starts with a {enc} byte-order mark: {e.reason}")
    if data.startswith(_BINARY_MAGIC):
        raise InputError(doc, "binary file (an image, archive or executable), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000] if len(data) > 200_000 else data).best()
    if best is None or best.encoding is None:
        raise InputError(doc, "binary or undecodable content (no text encoding fits)")
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        raise InputError(doc, f"undecodable content (best guess {best.encoding} does not fit the whole file)")


def clean(text: str) -> str:
    """Replace control characters by spaces, one for one, so that no offset moves."""
    return _CONTROL.sub(" ", text)


def looks_like_html(text: str) -> bool:
    """True for an HTML page or fragment: a doctype/html/head/body start, or dense markup."""
    head = text[:5000]
    if _HTML_START.match(head):
        return True
    tags = len(_HTML_TAG.findall(head))
    return tags >= 5 and tags * 40 > len(head.split("\n")[0]) and head.lstrip().startswith("<")


def html_to_text(html: str, *, doc: str = "document", url: str | None = None) -> tuple[str, Source]:
    """The readable text of an HTML page, paragraphs separated by blank lines, headline first."""
    import trafilatura

    meta = None
    try:
        meta = trafilatura.extract_metadata(html, default_url=url)
    except Exception:  # metadata is a bonus: a page without it is still read
        meta = None
    body = trafilatura.extract(html, url=url, output_format="txt", include_comments=False,
                               include_tables=True, favor_recall=True, deduplicate=False)
    if not body:
        body = trafilatura.html2txt(html) or ""
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    title = getattr(meta, "title", None) if meta else None
    if title and (not paragraphs or paragraphs[0].strip() != title.strip()):
        paragraphs.insert(0, title.strip())
    text = clean("\n\n".join(paragraphs))
    if not text.strip():
        raise InputError(doc, "HTML page with no readable text")
    src = Source(
        encoding="utf-8", html=True, title=title,
        author=getattr(meta, "author", None) if meta else None,
        sitename=getattr(meta, "sitename", None) if meta else None,
        date=getattr(meta, "date", None) if meta else None,
        url=(getattr(meta, "url", None) if meta else None) or url,
    )
    return text, src


def read_text(data: bytes | str, *, doc: str = "document", max_bytes: int | None = None,
              url: str | None = None) -> tuple[str, Source]:
    """Bytes or str in, the record's text and its :class:`Source` out."""
    if isinstance(data, str):
        if max_bytes is not None and len(data) > max_bytes and len(data.encode("utf-8", "replace")) > max_bytes:
            raise InputError(doc, f"document is over the {_size(max_bytes)} limit (raise it with --max-bytes)")
        text, enc = (data[1:] if data.startswith("\ufeff") else data), "str"
        if not text.strip():
            raise InputError(doc, "empty document")
    else:
        text, enc = decode(data, doc=doc, max_bytes=max_bytes)
    controls = len(_CONTROL.findall(text[:100_000])) + text[:100_000].count("\ufffd")
    if controls > _BINARY_SHARE * min(len(text), 100_000):
        raise InputError(doc, f"binary content ({controls} control characters), not text")
    if looks_like_html(text):
        return html_to_text(text, doc=doc, url=url)
    text = clean(text)
    if not text.strip():
        raise InputError(doc, "empty document (only control characters)")
    return text, Source(encoding=enc, url=url)


def run(state: State, options: Options) -> State:
    inp = state.input
    text, source = read_text(inp.data, doc=inp.id, max_bytes=options.max_bytes, url=inp.url)
    record = Record(id=inp.id, text=text, published=inp.published)
    return state.advance(NAME, record=record, source=source)
