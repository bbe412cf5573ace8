"""What `onrecord extract` prints on a terminal: a summary to read, built from the record alone."""

from __future__ import annotations

import pytest
from spans import at, pos

from onrecord.model import Attribution, Author, Entity, Mention, Meta, Publisher, Record
from onrecord.summary import byline, format_summary

TEXT = ('Ferry Fares Frozen for a Year\nBy Ola Berg, Transport Reporter\n\n'
        '"Nobody will pay more next winter," Ines Maro told the council. "Not one crown."\n\n'
        'A union official reportedly said the crews would accept the deal. The mayor criticized the timetable.\n')


def ferry(**changes: object) -> Record:
    ines = Entity("e1", "Ines Maro", "PERSON", (Mention(*pos(TEXT, "Ines Maro"), "Ines Maro", "name"),))
    rec = Record(
        id="ferry", text=TEXT, published="2022-11-02",
        meta=Meta(headline=at(TEXT, "Ferry Fares Frozen for a Year"),
                  authors=(Author(at(TEXT, "Ola Berg"), at(TEXT, "Transport Reporter")),),
                  publisher=Publisher("Bay Courier")),
        entities=(ines,),
        attributions=(
            Attribution("a1", "direct", (at(TEXT, "Nobody will pay more next winter,"), at(TEXT, "Not one crown.")),
                        cue=at(TEXT, "told"), source=at(TEXT, "Ines Maro"), speaker="e1", confidence=0.934),
            Attribution("a2", "indirect", (at(TEXT, "the crews would accept the deal"),),
                        cue=at(TEXT, "reportedly said"), source=at(TEXT, "A union official"),
                        speaker_type="anonymous", hedged=True, confidence=0.61),
            Attribution("a3", "topic", (at(TEXT, "the timetable"),), cue=at(TEXT, "criticized"),
                        source=at(TEXT, "The mayor"), confidence=0.5),
        ))
    return rec.replace(**changes)


def test_the_summary_reads_headline_byline_then_each_statement() -> None:
    assert format_summary(ferry()) == (
        "Ferry Fares Frozen for a Year\n"
        "By Ola Berg (Transport Reporter) · Bay Courier · published 2022-11-02\n"
        "ferry · 2 statements (and 1 topic of speech, in the JSON record)\n"
        "\n"
        "  Ines Maro — told — Nobody will pay more next winter, … Not one crown.\n"
        "      direct · confidence 0.93\n"
        "\n"
        "  A union official — reportedly said — the crews would accept the deal\n"
        "      indirect · hedged · confidence 0.61\n")


@pytest.mark.parametrize("changes, line", [
    ({"meta": Meta(), "published": None}, "publication date unknown"),  # nothing known: said so
    ({"published": None, "meta": Meta(published_in_text="2022-11-01")}, "published 2022-11-01"),
    ({"meta": Meta(publisher=Publisher("Bay Courier"))}, "Bay Courier · published 2022-11-02"),
])
def test_byline_gives_what_is_known(changes: dict[str, object], line: str) -> None:
    assert byline(ferry(**changes)) == line


def test_a_record_without_headline_or_statements_still_says_what_it_is() -> None:
    out = format_summary(ferry(meta=Meta(), published=None, attributions=(), warnings=("decoded as windows-1252",)))
    assert out.splitlines() == ["(ferry: no headline found)", "publication date unknown", "ferry · 0 statements",
                                "warning: decoded as windows-1252"]


def test_long_statements_wrap_to_the_width_and_keep_every_word() -> None:
    out = format_summary(ferry(), width=40)
    assert all(len(line) <= 40 for line in out.splitlines()[3:])
    assert "Nobody will pay more next winter, …" in " ".join(out.split())
