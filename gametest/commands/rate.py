"""`gametest rate` (model judges) and `gametest ratings export|import` (people)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from gametest.commands.advice import _backend_client
from gametest.commands.options import game_option, kingdom_option, resolve
from gametest.engine.bounds import MAX_SAMPLES
from gametest.engine.errors import UsageError
from gametest.engine.inputs import check_writable
from gametest.harness.records import RecordWriter, read_records
from gametest.records.advice_store import load_advice


def _advice_from(
    run: str | None,
    advice: tuple[str, ...],
    store: str | None,
    kingdom: list[str] | None = None,
    game: str = "dominion",
) -> list[dict[str, Any]]:
    """The advice named on the command line, or every piece in a run folder."""
    if run:
        path = Path(run) / "advice.jsonl"
        if not path.exists():
            raise UsageError(f"{run} is not a run folder (no advice.jsonl)")
        return read_records(path)
    if not advice:
        raise UsageError("name the advice to use (ids or files), or --run DIR")
    items = [load_advice(a, store, kingdom, game) for a in advice]
    for a, rec in zip(advice, items, strict=True):
        if not rec.get("kingdom"):
            raise UsageError(f"advice {a} names no kingdom: give it with --kingdom")
    return items


@click.command("rate")
@click.argument("advice", nargs=-1)
@click.option("--judge", "-j", "judge", required=True, help="Judge backend spec.")
@click.option(
    "--rubric",
    "-r",
    default="overall",
    show_default=True,
    help="Rubric name (overall, subscores, geval, pairwise) or a rubric TOML file.",
)
@click.option(
    "-n",
    "n",
    type=click.IntRange(1, MAX_SAMPLES),
    default=1,
    show_default=True,
    help="Ratings per piece of advice.",
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--run",
    default=None,
    type=click.Path(file_okay=False),
    help="Rate every piece of advice in a run folder; ratings go to its ratings.jsonl.",
)
@click.option(
    "--out",
    default=None,
    type=click.Path(dir_okay=False),
    help="Append the rating records to this JSONL file (skips ratings already there).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the rating records as JSON lines.")
@click.option(
    "--expected",
    is_flag=True,
    help="Also record the G-Eval expected score from the judge's token probabilities.",
)
@click.option("--backend-opt", "backend_opts", multiple=True, metavar="KEY=VALUE")
@click.option("--base-url", default=None)
@click.option("--no-cache", is_flag=True)
@click.option("--cache-dir", default=None, type=click.Path(file_okay=False))
@click.option("--store", default=None, type=click.Path(file_okay=False))
@kingdom_option
@game_option
def rate_cmd(
    advice: tuple[str, ...],
    judge: str,
    rubric: str,
    n: int,
    seed: int,
    run: str | None,
    out: str | None,
    as_json: bool,
    expected: bool,
    backend_opts: tuple[str, ...],
    base_url: str | None,
    no_cache: bool,
    cache_dir: str | None,
    store: str | None,
    kingdom: str | None,
    game_name: str,
) -> None:
    """Rate advice with a model judge on a rubric; pairwise rubrics compare every pair twice."""
    from gametest.judges.geval import TOP_LOGPROBS
    from gametest.judges.kinds import get_judge_kind
    from gametest.judges.rubric import load_rubric
    from gametest.llm import LLMError

    rub = load_rubric(rubric)
    kind = get_judge_kind(rub.kind)
    if out:
        check_writable(out, "--out")
    cards = resolve(game_name, kingdom)[1] if kingdom else None
    items = _advice_from(run, advice, store, cards, game_name)
    target = Path(out) if out else (Path(run) / "ratings.jsonl" if run else None)
    done = {r["id"] for r in read_records(target)} if target else set()
    client = _backend_client(judge, backend_opts, base_url, no_cache, cache_dir, run)
    writer = RecordWriter(target) if target else None
    try:
        if len(items) < kind.min_items:
            raise UsageError(
                f"{kind.name} judging needs at least {kind.min_items} pieces of advice"
            )
        lp = TOP_LOGPROBS if expected else None
        for r in kind.judge(client, judge, rub, kind.units(items), n, seed, done, lp):
            if writer:
                writer.write(r)
            click.echo(json.dumps(r) if as_json else kind.line(r, rub))
    except LLMError as e:
        raise UsageError(f"judge call failed: {e} (finished ratings are kept)") from None
    finally:
        if writer:
            writer.close()
        client.close()


@click.group("ratings")
def ratings_group() -> None:
    """Ratings from people: export a blinded sheet, import it filled in."""


@ratings_group.command("export")
@click.argument("advice", nargs=-1)
@click.option(
    "--run",
    default=None,
    type=click.Path(file_okay=False),
    help="Export every piece of advice of a run folder.",
)
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="CSV file to write.")
@click.option("--seed", type=int, default=0, show_default=True, help="Shuffle seed.")
@click.option("--store", default=None, type=click.Path(file_okay=False))
def export_cmd(
    advice: tuple[str, ...], run: str | None, out: str, seed: int, store: str | None
) -> None:
    """Write the advice, blinded and shuffled, as a CSV a person can fill in."""
    from gametest.judges.human import export_csv

    check_writable(out, "--out")
    items = _advice_from(run, advice, store)
    # Injected copies measure model judges; a person would only be asked to rate a prank.
    people = [a for a in items if a.get("role") != "injection"]
    if not people:
        raise UsageError("nothing to export: every piece of advice is an injected copy")
    key = export_csv(people, Path(out), seed)
    left = len(items) - len(people)
    note = f"; left out {left} injected copies" if left else ""
    click.echo(f"wrote {out} (fill in the score columns, 1-10){note}; keep {key} for the import")


@ratings_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--rater", required=True, help="The rater's id (kept with every rating).")
@click.option(
    "--run",
    default=None,
    type=click.Path(file_okay=False),
    help="Add the ratings to this run folder's ratings.jsonl.",
)
@click.option(
    "--out",
    default=None,
    type=click.Path(dir_okay=False),
    help="Or append them to this JSONL file.",
)
@click.option(
    "--key",
    default=None,
    type=click.Path(exists=True, dir_okay=False),
    help="The key file written by export (default: next to the CSV).",
)
def import_cmd(file: str, rater: str, run: str | None, out: str | None, key: str | None) -> None:
    """Read a filled-in sheet back as ratings with the rater's id."""
    from gametest.judges.human import import_csv

    if not (run or out):
        raise UsageError("say where the ratings go: --run DIR or --out FILE.jsonl")
    target = Path(out) if out else Path(run or ".") / "ratings.jsonl"
    recs = import_csv(Path(file), rater, Path(key) if key else None)
    done = {r["id"] for r in read_records(target)}
    new = [r for r in recs if r["id"] not in done]
    with RecordWriter(target) as w:
        for r in new:
            w.write(r)
    click.echo(
        f"imported {len(new)} rating(s) from {rater} into {target}"
        + (f" ({len(recs) - len(new)} already there)" if len(recs) > len(new) else "")
    )
