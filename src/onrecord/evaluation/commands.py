"""`onrecord eval ...`: the evaluation measures as click commands.

Each command runs onrecord on a gold data set from ``../shared/data`` and
prints the figures as the matching reference scorer in ``../shared/eval``
prints them (``--json`` for the full result). The CLI's ``eval`` group loads
this module only when ``eval`` is used.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click

from ..model import Record
from ..state import DEFAULT_MODEL

_model = click.option("--model", default=DEFAULT_MODEL, show_default=True, metavar="NAME",
                      help="Installed spaCy pipeline to parse with.")
_json = click.option("--json", "as_json", is_flag=True, help="Print the whole result as JSON.")
_workers = click.option("--workers", type=click.IntRange(1), default=1, show_default=True,
                        help="Processes to parse in; each loads the spaCy pipeline once.")
_min_confidence = click.option(
    "--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True, metavar="P",
    help="Score only the attributions of this confidence or more, as a reader with this floor "
         "(`onrecord query quotes --min-confidence P`) sees them.")


def _shared_default() -> str | None:
    """The shared data folder: $ONRECORD_SHARED, or ../shared beside the working directory."""
    for cand in (os.environ.get("ONRECORD_SHARED"), "../shared", "/work/shared"):
        if cand and (Path(cand) / "data").is_dir():
            return str(cand)
    return None


def _shared_path(value: str | None) -> Path:
    path = value or _shared_default()
    if path is None or not (Path(path) / "data").is_dir():
        raise click.UsageError("shared data not found: pass --shared DIR (the folder holding data/ and eval/) "
                               "or set ONRECORD_SHARED")
    return Path(path)


_shared = click.option("--shared", "shared", metavar="DIR", default=None,
                       help="The shared folder holding data/ (default: $ONRECORD_SHARED or ../shared).")


def _emit(result: Any, table: str, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, default=str))
    else:
        click.echo(table)


@click.command("attributions")
@click.argument("gold_split_dir", type=click.Path(exists=True, file_okay=False))
@_workers
@click.option("--predictions", metavar="PATH", help="Also write the predictions as score_attributions.py reads them.")
@_min_confidence
@_model
@_json
def attributions_cmd(gold_split_dir: str, workers: int, predictions: str | None, min_confidence: float, model: str,
                     as_json: bool) -> None:
    """Attribution relations on a PolNeAR split folder (text/ and attributions/), scored as
    ../shared/eval/score_attributions.py scores them."""
    from . import attributions

    gold = attributions.read_gold(gold_split_dir)
    preds = attributions.predict(gold_split_dir, gold, model=model, workers=workers, min_confidence=min_confidence)
    if predictions:
        with open(predictions, "w", encoding="utf-8") as f:
            f.writelines(json.dumps({"id": doc, "attributions": preds.get(doc, [])}) + "\n" for doc in gold)
    result = {"measures": attributions.score(gold, preds), "documents": len(gold),
              "failed": len(gold) - len(preds)}
    _emit(result, attributions.format_table(result), as_json)


@click.command("speakers")
@click.argument("speakers_jsonl", type=click.Path(exists=True, dir_okay=False), required=False)
@click.argument("polnear_dir", type=click.Path(exists=True, file_okay=False), required=False)
@click.option("--oracle", is_flag=True, help="Resolve the gold source spans themselves (the entities stage alone).")
@_shared
@_model
@_json
def speakers_cmd(speakers_jsonl: str | None, polnear_dir: str | None, oracle: bool, shared: str | None,
                 model: str, as_json: bool) -> None:
    """Canonical speaker accuracy, as ../shared/eval/score_speakers.py measures it (default data:
    data/speakers/dev_speakers.jsonl over data/polnear/dev)."""
    from . import speakers

    if speakers_jsonl is None or polnear_dir is None:
        root = _shared_path(shared) / "data"
        speakers_jsonl = speakers_jsonl or str(root / "speakers" / "dev_speakers.jsonl")
        polnear_dir = polnear_dir or str(root / "polnear" / "dev" / "text")
    text_dir = Path(polnear_dir)
    if (text_dir / "text").is_dir():
        text_dir = text_dir / "text"
    run = speakers.oracle if oracle else speakers.evaluate
    result = run(speakers_jsonl, text_dir, model=model)
    _emit(result, speakers.format_table(result), as_json)


@click.command("times")
@click.argument("gold_jsonl", type=click.Path(exists=True, dir_okay=False), required=False)
@_workers
@click.option("--predictions", metavar="PATH", help="Also write the predictions as score_times.py reads them.")
@_shared
@_model
@_json
def times_cmd(gold_jsonl: str | None, workers: int, predictions: str | None, shared: str | None, model: str,
              as_json: bool) -> None:
    """Temporal expressions on TempEval-3 (default data/tempeval3/tbaq.jsonl), each document run with
    its dct as publication date, scored as ../shared/eval/score_times.py scores them."""
    from . import times

    gold = gold_jsonl or str(_shared_path(shared) / "data" / "tempeval3" / "tbaq.jsonl")
    result = times.evaluate(gold, model=model, workers=workers, records_out=predictions)
    _emit(result, times.format_table(result), as_json)


@click.command("body")
@click.option("--predictions", metavar="PATH", help="Also write the bodies as score_body.py reads them.")
@_shared
@_json
def body_cmd(predictions: str | None, shared: str | None, as_json: bool) -> None:
    """Clean-body extraction on the article-extraction benchmark (the pages' whole visible text),
    scored as ../shared/eval/score_body.py scores it."""
    from . import layout

    result = layout.evaluate_body(_shared_path(shared))
    pred = result.pop("predictions")
    if predictions:
        layout.write_predictions(pred, predictions)
    _emit(result, layout.format_body(result), as_json)


@click.command("meta")
@_shared
@_json
def meta_cmd(shared: str | None, as_json: bool) -> None:
    """Headline and author accuracy on PolNeAR's metadata.tsv (train and dev), from the text alone."""
    from . import layout

    result = layout.evaluate_meta(_shared_path(shared))
    _emit(result, layout.format_meta(result), as_json)


@click.command("quantities")
@click.argument("meantime_dir", type=click.Path(exists=True, file_okay=False), required=False)
@_shared
@_model
@_json
def quantities_cmd(meantime_dir: str | None, shared: str | None, model: str, as_json: bool) -> None:
    """MEANTIME's VALUE markables (QUANTITY, MONEY, PERCENT) found with the right kind."""
    from . import quantities

    path = meantime_dir or str(_shared_path(shared) / "data" / "meantime-en")
    result = quantities.evaluate(path, model=model)
    _emit(result, quantities.format_table(result), as_json)


@click.command("quotes")
@click.argument("gold_jsonl", type=click.Path(exists=True, dir_okay=False), required=False)
@click.argument("pages_dir", type=click.Path(exists=True, file_okay=False), required=False)
@click.option("--records", "records_jsonl", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Score these records (JSON Lines, as `onrecord extract --format jsonl` prints them) "
                   "instead of extracting the pages.")
@click.option("--predictions", metavar="PATH", help="Also write the records as score_quotes.py reads them.")
@click.option("--errors", is_flag=True, help="Also print each missed quote, wrong speaker and extra statement.")
@_workers
@_min_confidence
@_shared
@_model
@_json
def quotes_cmd(gold_jsonl: str | None, pages_dir: str | None, records_jsonl: str | None, predictions: str | None,
               errors: bool, workers: int, min_confidence: float, shared: str | None, model: str,
               as_json: bool) -> None:
    """Who said what on whole scraped pages (default data/quotes/dev: quotes.jsonl over pages/),
    scored as ../shared/eval/score_quotes.py scores it."""
    from . import quotes

    if gold_jsonl is None or (pages_dir is None and records_jsonl is None):
        root = _shared_path(shared) / "data" / "quotes" / "dev"
        gold_jsonl = gold_jsonl or str(root / "quotes.jsonl")
        pages_dir = pages_dir or str(root / "pages")
    if records_jsonl is not None:
        with open(records_jsonl, encoding="utf-8") as f:
            records = quotes.read_records(f)
    else:
        assert pages_dir is not None
        records = quotes.extract_records(pages_dir, model=model, workers=workers)
    if min_confidence > 0:
        records = {k: Record.from_dict(r).with_min_confidence(min_confidence).to_dict() for k, r in records.items()}
    if predictions:
        with open(predictions, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records.values())
    lines: list[str] | None = [] if errors else None
    result = quotes.score(quotes.read_gold(gold_jsonl), records, errors=lines)
    if lines:
        click.echo("\n".join(lines))
    _emit(result, quotes.format_table(result), as_json)


@click.command("pronouns")
@click.argument("conll_dir", type=click.Path(exists=True, file_okay=False), required=False)
@click.option("--genres", default="news,interview", show_default=True, metavar="LIST",
              help="GUM genres to read, comma separated (the file names' second part).")
@_shared
@_model
@_json
def pronouns_cmd(conll_dir: str | None, genres: str, shared: str | None, model: str, as_json: bool) -> None:
    """Third-person pronouns linked to the right named entity on GUM's Wikinews news and interviews
    (default data/coref/gum/conll): the speakers work's second set for pronouns."""
    from . import pronouns

    path = conll_dir or str(_shared_path(shared) / "data" / "coref" / "gum" / "conll")
    wanted = [g.strip() for g in genres.split(",") if g.strip()]
    if not wanted:
        raise click.UsageError("--genres names no genre: give one or more, such as news,interview")
    result = pronouns.evaluate(path, wanted, model=model)
    _emit(result, pronouns.format_table(result), as_json)


COMMANDS = [quotes_cmd, attributions_cmd, speakers_cmd, times_cmd, body_cmd, meta_cmd, quantities_cmd, pronouns_cmd]
