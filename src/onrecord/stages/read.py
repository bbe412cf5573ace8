"""read: bytes in any common encoding (or HTML) to the record's text.

The record's ``text`` is the decoded input as given: a byte-order mark is
dropped and control characters become one character each, so that no offset
moves; line endings are left alone. Every offset in the record, and in the
gold data onrecord is measured against, indexes this text.

Decoding, in order (each step is a rule for real scraped files):

1. A byte-order mark decides (UTF-8, UTF-16, UTF-32).
2. Known binary signatures (PNG, PDF, ZIP, ELF, ...) are refused outright.
3. UTF-16 without a BOM is recognized by its NUL bytes all falling on one
   side of each code unit (ASCII-range text in UTF-16 is half NULs).
4. Strict UTF-8, the encoding of nearly all of the web.
5. UTF-8 with some lines in Windows-1252 (text pasted together from two
   sources): decoded line by line, each line that is not UTF-8 as
   Windows-1252 (or, with only a few stray bytes, as UTF-8 with those bytes
   as Windows-1252), rather than guessing one legacy encoding for the file
   and turning every accented letter of the UTF-8 part into mojibake.
6. A legacy single-byte file: charset-normalizer ranks the candidates; among
   those as good as its best, Windows-1252 wins, because it is what "Latin-1"
   means on the web (WHATWG Encoding Standard) and what English news uses
   (the one non-UTF-8 article of the BBC corpus is cp1252, a pound sign,
   which charset-normalizer alone reads as Shift-JIS).

Cleaning maps NUL and the other C0 controls (but tab, LF, CR) to a space,
C1 controls (U+0080-U+009F, left by cp1252 text decoded as Latin-1) to the
Windows-1252 character they stand for ("\\x93" to a left double quote, so a
quote stays a quote), and lone surrogates to U+FFFD: one code point for one,
so every offset holds.

HTML is recognized and turned into text with its paragraph structure by
trafilatura; the page's own metadata (title, author, site, date) rides along
in :class:`Source` for the layout and meta stages.
"""

from __future__ import annotations

import codecs
import copy
import logging
import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from ..errors import InputError
from ..model import Record
from ..state import Options, State

log = logging.getLogger(__name__)

NAME = "read"
NEEDS: tuple[str, ...] = ("input",)
ADDS: tuple[str, ...] = ("text", "source")

# Control characters other than tab, line feed and carriage return, the C1 block, and lone surrogates.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_BINARY_MAGIC = (
    b"\x89PNG", b"%PDF", b"\x1f\x8b", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8", b"\x7fELF",
    b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"OggS", b"RIFF", b"ID3", b"\xd0\xcf\x11\xe0", b"SQLite format 3\x00",
    b"\x00\x00\x01\x00", b"MZ\x90\x00", b"\xca\xfe\xba\xbe", b"wOFF", b"wOF2", b"\x28\xb5\x2f\xfd",
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
                         re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"</?(?:p|div|br|span|a|li|ul|table|h[1-6]|article|section|script|meta)\b[^>]*>",
                       re.IGNORECASE)
# A valid UTF-8 multi-byte sequence, to tell "UTF-8 with stray bytes" from a legacy encoding.
_UTF8_MULTI = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_BINARY_SIGN = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")
# Share of control characters (after decoding) above which a document is binary, not text with a
# stray NUL: random bytes give about 12% C0 controls, prose none.
_BINARY_SHARE = 0.10
# ... and above this count, so that a one-line note with two stray NULs is still read.
_BINARY_MIN = 8
# Candidates of charset-normalizer this close to its best (chaos, 0..1) count as equally good.
_CHAOS_TIE = 0.02
_WESTERN = ("cp1252", "latin_1", "iso8859_15")


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


def _cp1252_byte(b: int) -> str:
    """The Windows-1252 character of byte ``b``; the five bytes it leaves undefined read as Latin-1."""
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


@cache
def _error_handlers() -> None:
    """Register the decode error handler that reads undecodable bytes as Windows-1252, one
    character per byte (once per process)."""

    def handler(e: UnicodeError) -> tuple[str, int]:
        assert isinstance(e, UnicodeDecodeError)
        return "".join(_cp1252_byte(b) for b in e.object[e.start:e.end]), e.end

    codecs.register_error("onrecord-cp1252", handler)


@cache
def _clean_table() -> dict[int, str]:
    table = {c: " " for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}
    for c in range(0x80, 0xA0):
        ch = _cp1252_byte(c)
        table[c] = ch if ord(ch) >= 0xA0 else " "
    for c in range(0xD800, 0xE000):
        table[c] = "\ufffd"
    return table


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when the NUL bytes sit on one side of each code unit, as in
    UTF-16 text of mostly Latin script written without a byte-order mark."""
    sample = data[:20_000]
    if len(sample) < 32:  # too short to tell from UTF-8 text that happens to hold NULs
        return None
    half = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.4 * half and even <= 0.02 * half:
        return "utf-16-le"
    if even >= 0.4 * half and odd <= 0.02 * half:
        return "utf-16-be"
    return None


def _legacy_encoding(data: bytes) -> str | None:
    """The single-byte (or legacy multi-byte) encoding that best fits ``data``, None if none does."""
    from charset_normalizer import from_bytes

    sample = data[:200_000]
    high = sum(1 for b in sample if b >= 0x80)
    if high <= 0.01 * len(sample):
        # A handful of non-ASCII bytes in English text: too little evidence for any detector,
        # and Windows-1252 is the overwhelmingly likely source.
        return "cp1252"
    matches = list(from_bytes(sample))
    if not matches:
        return None
    best = min(m.chaos for m in matches)
    tied = [m.encoding for m in matches if m.chaos <= best + _CHAOS_TIE]
    for enc in _WESTERN:
        if enc in tied:
            return "cp1252" if enc == "latin_1" else enc
    return tied[0]


def _mixed_utf8(data: bytes) -> str | None:
    """UTF-8 text with some lines in another encoding (a paragraph pasted in from a Windows
    document), decoded line by line; None when no line is UTF-8 with a multi-byte character.

    A line that is valid UTF-8 with a multi-byte character is evidence no legacy file gives (its
    high bytes would all have to pair up by chance), so the file is UTF-8; so is a file with more
    UTF-8 characters than stray bytes ("Café said “no” \\x93maybe\\x94" on one line). A line that is not
    valid UTF-8 is read as UTF-8 with its stray bytes as Windows-1252 when it has more UTF-8
    characters than stray bytes, else as Windows-1252 as a whole: "“We were told,” said Ana Ruíz"
    in cp1252 stays a quote rather than the Cyrillic or Mac text a whole-file guess gives it.
    """
    lines = data.splitlines(keepends=True)
    good = [line.decode("utf-8") if _utf8_line(line) else None for line in lines]
    if not any(g is not None and _UTF8_MULTI.search(line) for g, line in zip(good, lines)) \
            and not 0 < _stray(data) <= len(_UTF8_MULTI.findall(data, 0, 1_000_000)):
        return None
    out = []
    for g, line in zip(good, lines):
        if g is not None:
            out.append(g)
            continue
        out.append(line.decode("utf-8" if _stray(line) <= len(_UTF8_MULTI.findall(line)) else "cp1252",
                               "onrecord-cp1252"))
    return "".join(out)


def _stray(data: bytes) -> int:
    """How many bytes of ``data`` are not part of a valid UTF-8 character."""
    return len(data.decode("utf-8", "surrogateescape")) - len(data.decode("utf-8", "ignore"))


def _utf8_line(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


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
                raise InputError(doc, f"not valid {enc.replace('-sig', '')} although it starts with its "
                                      f"byte-order mark ({e.reason} at byte {e.start})")
    if data.startswith(_BINARY_MAGIC):
        raise InputError(doc, "binary file (an image, archive, document or executable), not text")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass  # NULs in a pattern, but not UTF-16: the binary check below decides
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    _error_handlers()
    mixed = _mixed_utf8(data)
    if mixed is not None:
        return mixed, "utf-8+cp1252"
    legacy = _legacy_encoding(data)
    if legacy is None:
        raise InputError(doc, "binary or undecodable content (no text encoding fits)")
    try:
        if legacy == "cp1252":
            return data.decode("cp1252", "onrecord-cp1252"), "cp1252"
        return data.decode(legacy), legacy
    except (UnicodeDecodeError, LookupError):
        raise InputError(doc, f"undecodable content (the best guess, {legacy}, does not fit the whole file)")


def clean(text: str) -> str:
    """Control characters to a space (C1 ones to their Windows-1252 character), lone surrogates to
    U+FFFD: one character for one, so that no offset moves."""
    if not _CONTROL.search(text):
        return text
    return text.translate(_clean_table())


def looks_like_html(text: str) -> bool:
    """True for an HTML page or fragment: a doctype/html/head/body start, or dense markup."""
    head = text[:5000]
    if _HTML_START.match(head):
        return True
    tags = len(_HTML_TAG.findall(head))
    return tags >= 5 and tags * 40 > len(head.split("\n")[0]) and head.lstrip().startswith("<")


# libxml2 stops building the tree 255 elements deep (and keeps what it has: a page whose text sits
# inside 300 nested <div>s came out without its body); a page that nests deeper is parsed again
# without that limit (lxml's huge_tree), which trafilatura reads as well as a string.
_LXML_DEPTH = 250
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^>]*?(/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})


def _nesting(html: str) -> int:
    """How deep the elements of ``html`` nest, roughly (tags counted in and out, void ones skipped)."""
    if html.count("<") < _LXML_DEPTH:
        return 0
    depth = deepest = 0
    for m in _TAG.finditer(html):
        if m[3] or m[2].lower() in _VOID:
            continue
        depth = max(0, depth - 1) if m[1] else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _deep_tree(html: str) -> Any:
    from lxml.html import HTMLParser, fromstring

    parser = HTMLParser(huge_tree=True, collect_ids=False, default_doctype=False, remove_comments=True,
                        remove_pis=True)
    return fromstring(html, parser=parser)


def html_to_text(html: str, *, doc: str = "document", url: str | None = None) -> tuple[str, Source]:
    """The readable text of an HTML page, paragraphs separated by blank lines, headline first."""
    import trafilatura

    page: Any = html
    if _nesting(html) >= _LXML_DEPTH:
        try:
            page = _deep_tree(html)
        except Exception as e:  # lxml raises several types on broken markup
            raise InputError(doc, f"HTML page could not be parsed ({type(e).__name__}: {e})") from e
    meta = None
    try:
        meta = trafilatura.extract_metadata(copy.deepcopy(page) if page is not html else html, default_url=url)
    except Exception:  # metadata is a bonus: a page without it is still read
        log.debug("no metadata from the HTML of %s", doc, exc_info=True)
        meta = None
    try:
        body = trafilatura.extract(copy.deepcopy(page) if page is not html else html, url=url,
                                   output_format="txt", include_comments=False, include_tables=True,
                                   favor_recall=True, deduplicate=False)
        if not body:
            body = trafilatura.html2txt(page) or ""
    except Exception as e:  # lxml and trafilatura raise many types on broken markup
        raise InputError(doc, f"HTML page could not be parsed ({type(e).__name__}: {e})") from e
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    title = getattr(meta, "title", None) if meta else None
    if title and (not paragraphs or paragraphs[0].strip() != title.strip()):
        paragraphs.insert(0, title.strip())
    text = clean("\n\n".join(paragraphs))
    if not text.strip():
        deep = f" (its elements nest {_nesting(html)} deep)" if page is not html else ""
        raise InputError(doc, f"HTML page with no readable text{deep}")
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
    """Bytes or str in, the record's text and its :class:`Source` out; :class:`InputError` for
    input that is not a readable document, and no other exception."""
    if isinstance(data, str):
        if max_bytes is not None and len(data) > max_bytes:
            check_size(len(data.encode("utf-8", "surrogatepass")), doc=doc, max_bytes=max_bytes)
        text, enc = (data.removeprefix("\ufeff")), "str"
        if not text.strip():
            raise InputError(doc, "empty document")
    else:
        text, enc = decode(data, doc=doc, max_bytes=max_bytes)
    head = text[:100_000]
    controls = len(_BINARY_SIGN.findall(head))
    if controls > _BINARY_SHARE * len(head) and controls > _BINARY_MIN:
        raise InputError(doc, f"binary content ({controls} control characters in {len(head)}), not text")
    if looks_like_html(text):
        text, source = html_to_text(clean(text), doc=doc, url=url)
        return text, replace(source, encoding=enc)
    text = clean(text)
    if not text.strip():
        raise InputError(doc, "empty document (only control characters)")
    return text, Source(encoding=enc, url=url)


def check_length(text: str, *, doc: str, max_chars: int) -> None:
    """Raise :class:`InputError` when ``text`` is longer than the parser is given (``--max-chars``):
    the limit that bounds a worker's memory (see DEFAULT_MAX_CHARS)."""
    if len(text) > max_chars:
        raise InputError(doc, f"text is {len(text):,} characters, over the {max_chars:,} the parser is given "
                              f"(parsing takes about 0.3 GB per million; raise the limit with --max-chars)")


def run(state: State, options: Options) -> State:
    inp = state.input
    text, source = read_text(inp.data, doc=inp.id, max_bytes=options.max_bytes, url=inp.url)
    check_length(text, doc=inp.id, max_chars=options.max_chars)
    warnings: tuple[str, ...] = ()
    if source.encoding == "utf-8+cp1252":
        warnings = ("input is not all UTF-8: lines that are not were decoded as Windows-1252",)
    elif not source.encoding.startswith("utf-") and source.encoding != "str":
        # Say so in the record: a guessed legacy encoding can be wrong, and a reader should know.
        warnings = (f"input is not UTF-8; decoded as {source.encoding}",)
    record = Record(id=inp.id, text=text, published=inp.published, warnings=warnings)
    return state.advance(NAME, record=record, source=source)
