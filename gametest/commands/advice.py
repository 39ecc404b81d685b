"""`gametest advise` (write advice for a kingdom), `gametest compile-advice` (advice -> strategy
file), and the LLM-player options that `play` and `simulate` share."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from gametest.commands.options import game_option, kingdom_option, resolve
from gametest.commands.types import TEMPERATURE
from gametest.engine.bounds import MAX_SAMPLES
from gametest.engine.errors import UsageError
from gametest.engine.inputs import check_writable
from gametest.engine.registry import get_game

F = TypeVar("F", bound=Callable[..., Any])


def _kv(items: tuple[str, ...]) -> dict[str, str]:
    """KEY=VALUE pairs from repeated options."""
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"expected KEY=VALUE, got {item!r}")
        out[key.strip().replace("-", "_")] = value.strip()
    return out


# ----- options shared with play and simulate ------------------------------------------------
def llm_player_options(f: F) -> F:
    """--advice, --advice-store, --backend-opt, --base-url for `llm:` players."""
    opts = [
        click.option(
            "--advice",
            default=None,
            metavar="ID_OR_FILE",
            help="Advice for every llm: player to follow (store id or file).",
        ),
        click.option(
            "--advice-store",
            default=None,
            type=click.Path(file_okay=False),
            help="Advice store folder (default results/advice).",
        ),
        click.option(
            "--backend-opt",
            "backend_opts",
            multiple=True,
            metavar="KEY=VALUE",
            help="Option for llm: players, e.g. prompt=compact, temperature=0.3, "
            "no_cache=1, structured=none (repeatable; see docs/llm-players.md).",
        ),
        click.option("--base-url", default=None, help="Server URL for llm: players' backend."),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


def apply_llm_options(
    players: tuple[str, ...],
    kingdom: list[str],
    advice: str | None,
    advice_store: str | None,
    backend_opts: tuple[str, ...],
    base_url: str | None,
) -> tuple[str, ...]:
    """Put the LLM options on every `llm:` spec, so they reach simulate's workers too."""
    opts: dict[str, Any] = _kv(backend_opts)
    if base_url:
        opts["base_url"] = base_url
    if advice_store:
        opts["advice_store"] = str(Path(advice_store).resolve())
    if advice:
        from gametest.records.advice_store import AdviceStore, load_advice

        rec = load_advice(advice, advice_store, kingdom)  # fail early, in the main process
        path = Path(advice)
        opts["advice"] = (
            str(path.resolve())
            if path.is_file()
            else str(AdviceStore(advice_store).path(rec["id"]).resolve())
        )
    if not opts:
        return players
    if not any(p.strip().startswith("llm:") for p in players):
        raise UsageError("--advice/--backend-opt/--base-url apply to llm: players; none given")
    from gametest.players.llm_player import with_options  # the LLM stack, only when asked for

    return tuple(with_options(p, opts) for p in players)


def _backend_client(
    backend: str,
    backend_opts: tuple[str, ...],
    base_url: str | None,
    no_cache: bool,
    cache_dir: str | None,
    run_dir: str | None,
) -> Any:
    """An LLM client from the command's options."""
    from gametest.llm import LLMError, make_client
    from gametest.llm.options import parse_backend_opts

    kw: dict[str, Any] = parse_backend_opts(_kv(backend_opts))
    for folder, what in ((cache_dir, "--cache-dir"), (run_dir, "--run-dir")):
        if folder:
            check_writable(folder, what, folder=True)
    try:
        return make_client(
            backend,
            base_url=base_url,
            no_cache=no_cache,
            cache_dir=cache_dir,
            run_dir=run_dir,
            **kw,
        )
    except LLMError as e:
        raise UsageError(str(e)) from None


def backend_options(f: F) -> F:
    """--backend SPEC and the client options of advise and compile-advice."""
    opts = [
        click.option(
            "--backend",
            "-b",
            required=True,
            help="LLM backend spec, e.g. openai:gpt-4o-mini, local:smollm2.",
        ),
        click.option("--base-url", default=None, help="Server URL (OpenAI-compatible)."),
        click.option(
            "--backend-opt",
            "backend_opts",
            multiple=True,
            metavar="KEY=VALUE",
            help="Backend option, e.g. structured=none, threads=4 (repeatable).",
        ),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the LLM cache."),
        click.option("--cache-dir", default=None, type=click.Path(file_okay=False)),
        click.option(
            "--run-dir",
            default=None,
            type=click.Path(file_okay=False),
            help="Folder for the JSONL log of every LLM call.",
        ),
        click.option(
            "--store",
            default=None,
            type=click.Path(file_okay=False),
            help="Advice store folder (default results/advice).",
        ),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


def _fail_on_llm_error(fn: Callable[[], None]) -> None:
    """Run a command body; an LLM failure becomes one line and exit status 2."""
    from gametest.llm import LLMError

    try:
        fn()
    except LLMError as e:
        raise UsageError(f"LLM call failed: {e}") from None


# ----- advise ---------------------------------------------------------------------------------
@click.command("advise")
@kingdom_option
@backend_options
@click.option(
    "-n",
    "n",
    type=click.IntRange(1, MAX_SAMPLES),
    default=1,
    show_default=True,
    help="Pieces of advice to write (sample indices 0..N-1).",
)
@click.option(
    "--template",
    "-t",
    default="plain",
    show_default=True,
    help="Template name (plain, expert-coach) or a .toml/.md template file.",
)
@click.option("--max-words", type=click.IntRange(10, 100_000), default=200, show_default=True)
@click.option("--temperature", type=TEMPERATURE, default=0.7, show_default=True)
@click.option(
    "--max-tokens",
    type=click.IntRange(16, 1_000_000),
    default=None,
    help="Completion budget (default 2 x max-words + 64).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of sample 0.")
@click.option("--players", type=click.IntRange(2), default=2, show_default=True)
@game_option
def advise_cmd(
    kingdom: str | None,
    backend: str,
    base_url: str | None,
    backend_opts: tuple[str, ...],
    no_cache: bool,
    cache_dir: str | None,
    run_dir: str | None,
    store: str | None,
    n: int,
    template: str,
    max_words: int,
    temperature: float,
    max_tokens: int | None,
    seed: int,
    players: int,
    game_name: str,
) -> None:
    """Write N pieces of strategy advice for a kingdom; print their ids (one per line)."""
    from gametest.advice.templates import load_template
    from gametest.advice.writer import AdviceOptions, write_advice
    from gametest.records.advice_store import AdviceStore

    game, cards = resolve(game_name, kingdom)
    tmpl = load_template(template)
    opts = AdviceOptions(max_words, temperature, max_tokens, seed, players)
    adv_store = AdviceStore(store)
    check_writable(adv_store.root, "advice store", folder=True)

    def body() -> None:
        with _backend_client(
            backend, backend_opts, base_url, no_cache, cache_dir, run_dir
        ) as client:
            recs = write_advice(client, game, cards, tmpl, n, opts, adv_store)
        for r in recs:
            click.echo(r["id"])
        toks = [r["provenance"]["tokens"] for r in recs]
        click.echo(
            f"wrote {len(recs)} advice to {adv_store.root} (template {tmpl.id} "
            f"{tmpl.hash[:8]}, {sum(t['prompt'] for t in toks)} prompt + "
            f"{sum(t['completion'] for t in toks)} completion tokens)",
            err=True,
        )

    _fail_on_llm_error(body)


# ----- compile-advice -------------------------------------------------------------------------
@click.command("compile-advice")
@click.argument("advice")
@backend_options
@click.option(
    "--kingdom",
    "-k",
    default=None,
    help="Kingdom, for advice given as a text file (records carry their own).",
)
@click.option("--max-repairs", type=click.IntRange(0, 10), default=3, show_default=True)
@click.option("--max-tokens", type=click.IntRange(64, 1_000_000), default=700, show_default=True)
@click.option("--temperature", type=TEMPERATURE, default=0.0, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--no-schema", is_flag=True, help="Do not send the JSON schema (plain text).")
@click.option(
    "--salvage",
    is_flag=True,
    help="If the last repair still fails, keep the entries that validate on their "
    "own (recorded as salvaged, with what was dropped).",
)
@click.option(
    "--out",
    "-o",
    default=None,
    type=click.Path(dir_okay=False),
    help="Strategy file to write (default: next to the record in the store).",
)
@game_option
def compile_advice_cmd(
    advice: str,
    backend: str,
    base_url: str | None,
    backend_opts: tuple[str, ...],
    no_cache: bool,
    cache_dir: str | None,
    run_dir: str | None,
    store: str | None,
    kingdom: str | None,
    max_repairs: int,
    max_tokens: int,
    temperature: float,
    seed: int,
    no_schema: bool,
    salvage: bool,
    out: str | None,
    game_name: str,
) -> None:
    """Translate ADVICE (store id or file) into a strategy file; print the file's path."""
    from gametest.advice.compiler import CompileOptions, compile_advice, compile_record
    from gametest.records.advice_store import AdviceStore, load_advice

    adv_store = AdviceStore(store)
    check_writable(adv_store.root, "advice store", folder=True)
    if out:
        check_writable(out, "--out")
    k_given = resolve(game_name, kingdom)[1] if kingdom else None
    rec = load_advice(advice, store, k_given, game_name.partition("@")[0])
    game = get_game(game_name)
    cards = k_given or rec.get("kingdom")
    if not cards:
        raise UsageError("this advice names no kingdom; give --kingdom")
    opts = CompileOptions(
        max_repairs, temperature, max_tokens, seed, not no_schema, salvage=salvage
    )

    def body() -> None:
        with _backend_client(
            backend, backend_opts, base_url, no_cache, cache_dir, run_dir
        ) as client:
            res = compile_advice(client, game, list(cards), str(rec["text"]), opts)
            record = compile_record(res, rec, game, list(cards), client, opts)
        path = adv_store.put_compiled(record)
        if not res.valid:
            click.echo(
                f"error: advice {rec['id']} did not compile after {res.repairs} "
                f"repairs: {res.error} (record: {path})",
                err=True,
            )
            raise SystemExit(1)
        target = Path(out) if out else path.with_suffix(".strategy.json")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(record["strategy"], indent=2) + "\n", encoding="utf-8")
        click.echo(str(target))
        unexp = "; ".join(res.unexpressible) or "none"
        how = f"salvaged ({len(res.dropped)} entries dropped) " if res.salvaged else ""
        click.echo(
            f"compiled advice {rec['id']} {how}after {res.repairs} repairs "
            f"(record {path}); unexpressible: {unexp}",
            err=True,
        )

    _fail_on_llm_error(body)


# ----- LLM figures in simulate's summary ------------------------------------------------------
def llm_summary(records: list[dict[str, Any]], names: list[str]) -> list[dict[str, Any]]:
    """Per LLM participant: mean calls, tokens and seconds per game, own share, invalid rate."""
    from collections import defaultdict

    keys = (
        "calls",
        "tokens_in",
        "tokens_out",
        "asked",
        "own",
        "invalid",
        "fallbacks",
        "errors",
        "wall_seconds",
    )
    tot: dict[int, dict[str, float]] = defaultdict(lambda: dict.fromkeys(keys, 0.0))
    games: dict[int, int] = defaultdict(int)
    comp: dict[int, list[float]] = defaultdict(list)
    for rec in records:
        for seat, info in (rec.get("extra", {}).get("players") or {}).items():
            if info.get("player") != "llm":
                continue
            p = rec["seats"][int(seat)]
            games[p] += 1
            for k in keys:
                tot[p][k] += float(info["stats"].get(k) or 0)
            share = (info.get("compliance") or {}).get("share")
            if share is not None:
                comp[p].append(float(share))
    out = []
    for p in sorted(games):
        t, n = tot[p], games[p]
        out.append(
            {
                "name": names[p],
                "games": n,
                **{f"{k}_per_game": round(t[k] / n, 2) for k in keys},
                "own_share": round(t["own"] / t["asked"], 4) if t["asked"] else None,
                "invalid_rate": round(t["invalid"] / t["calls"], 4) if t["calls"] else None,
                "compliance": round(sum(comp[p]) / len(comp[p]), 4) if comp[p] else None,
            }
        )
    return out


def llm_summary_lines(rows: list[dict[str, Any]]) -> list[str]:
    """Human-readable lines of llm_summary for simulate's table."""
    lines = []
    for r in rows:
        line = (
            f"{r['name']}: {r['calls_per_game']:.1f} LLM calls/game, "
            f"{r['tokens_in_per_game']:.0f} tokens in + {r['tokens_out_per_game']:.0f} out "
            f"per game, own decisions {100 * (r['own_share'] or 0):.1f}%, invalid answers "
            f"{100 * (r['invalid_rate'] or 0):.1f}%, fallbacks "
            f"{r['fallbacks_per_game']:.1f}/game, {r['wall_seconds_per_game']:.1f} s/game"
        )
        if r["compliance"] is not None:
            line += f", compliance {100 * r['compliance']:.1f}%"
        lines.append(line)
    return lines


# ----- compliance after the fact --------------------------------------------------------------
@click.command("compliance")
@click.argument("games", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--compiled",
    "-c",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="The compiled strategy of the advice the LLM players followed.",
)
@game_option
def compliance_cmd(games: str, compiled: str, game_name: str) -> None:
    """Replay GAMES (simulate --out) and measure how often each LLM seat's gains matched."""
    from gametest.players.compliance import replay_compliance
    from gametest.strategy.model import load_strategy

    strategy = load_strategy(compiled, get_game(game_name))
    shares = []
    for line in Path(games).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        for seat, info in (rec.get("extra", {}).get("players") or {}).items():
            if info.get("player") != "llm":
                continue
            c = replay_compliance(rec, int(seat), strategy, compiled)
            click.echo(
                json.dumps(
                    {
                        "index": rec.get("index"),
                        "seat": int(seat),
                        "advice": info.get("advice"),
                        **c,
                    }
                )
            )
            if c["share"] is not None:
                shares.append(c["share"])
    mean = f"{100 * sum(shares) / len(shares):.1f}%" if shares else "n/a"
    click.echo(f"{len(shares)} LLM seats, mean compliance {mean}", err=True)
