"""Pages written for the tests, shared by the layout and meta tests."""

from __future__ import annotations

from collections.abc import Sequence


def design_page(body: Sequence[str]) -> str:
    """DESIGN.md's example page around the first three of ``body``'s paragraphs: headline, logo
    caption, byline with its beat, "Font Size:", then after the article a follow line and a licence."""
    return "\n".join([
        "Port Authority Chief Resigns Amid Dredging Inquiry", "",
        "Harbor Ledger logo", "Mara Quint Senior Business Reporter", "Font Size:", "",
        body[0], "", body[1], "", body[2], "",
        "Follow Mara on Twitter",
        ("All content created by Harbor Ledger is available without charge to any eligible news publisher "
         "that can provide a large audience."),
    ])
