"""Every command against every class of bad input: exit 2, one line, no traceback, nothing
written or lost. The table is commands x inputs; `{name}` in an argument is a file made below."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametest.cli import main

HUGE = 5 * 1024 * 1024  # above every file-size limit

FILES: dict[str, bytes] = {
    "latin1.toml": 'name = "caf\xe9"\ngain = ["Silver"]\n'.encode("latin-1"),
    "latin1.json": '{"text": "caf\xe9"}'.encode("latin-1"),
    "latin1.txt": "Buy Gold at $6 \xe9".encode("latin-1"),
    "latin1.jsonl": '{"a": "\xe9"}\n'.encode("latin-1"),
    "latin1.csv": "id,rating\n\xe9,3\n".encode("latin-1"),
    "binary.toml": bytes(range(256)) * 8,
    "binary.json": b"\x00\x01\x02{}" * 100,
    "empty.toml": b"",
    "empty.json": b"",
    "empty.txt": b"",
    "nested.toml": b"a = " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "nested.json": b'{"text": "x", "k": ' + b"[" * 100000 + b"]" * 100000 + b"}",
    "deep.json": b"[" * 100000 + b"]" * 100000,
    "wrongtype.toml": b"gain = 5\n",
    "chess.toml": b'game = "chess"\ngain = ["Silver"]\n',
    "nan.toml": b'gain = [{card = "Gold", if = "coins > 1", limit = nan}]\n',
    "exp-wrong.toml": b"kingdoms = 3\n",
    "exp-nested.toml": b'name = "x"\nkingdoms = ' + b"[" * 3000 + b"]" * 3000 + b"\n",
    "tour-wrong.toml": b'players = "bmu"\n',
    "tour-huge.toml": b'players = ["bmu", "big-money"]\ngames_per_pairing = 100000000000000\n',
    "badline.jsonl": b'{"game": "dominion"}\nnot json\n',
    "wrongrec.jsonl": b"[1, 2, 3]\n",
    "advice-path-id.json": b'{"id": "../../../../x", "text": "Buy Gold.", "kingdom": []}',
    "advice-text-list.json": b'{"text": ["Buy", "Gold"], "kingdom": ["Smithy"]}',
    "advice-kingdom-int.json": b'{"text": "Buy Gold.", "kingdom": 7}',
    "advice.txt": b"Buy Gold at $6, Province at $8.",
    "plain.txt": b"a regular file",
    "badschema.json": b'{"type": 5}',
}


def _exp(name: str, extra: str = "", outcomes: str = "") -> bytes:
    return (
        f'name = "{name}"\nkingdoms = ["first-game"]\ncompiler = "scripted:first"\n{extra}\n'
        '[[advisors]]\nbackend = "scripted:echo"\n[[judges]]\nbackend = "scripted:random"\n'
        f'[outcomes]\nopponents = ["big-money"]\ncompiled_games = 2\n{outcomes}\n'
    ).encode()


FILES.update(
    {
        "exp-dotdot.toml": _exp("../../escape"),
        "exp-abs.toml": _exp("/tmp/gametest-escape"),
        "exp-empty-name.toml": _exp(""),
        "exp-dot.toml": _exp("."),
        "exp-llm-advice.toml": _exp(
            "ok",
            outcomes='llm_games = 1\nllm_backend = "scripted:first"\nllm_advice = "controls+x"',
        ),
        "exp-bad-opponent.toml": _exp("ok").replace(b'"big-money"', b'"no-such-bot"'),
        "exp-bad-backend.toml": _exp("ok").replace(b"scripted:echo", b"nosuch:model"),
        "exp-bad-template.toml": _exp("ok").replace(
            b'backend = "scripted:echo"', b'backend = "scripted:echo"\ntemplate = "nosuch"'
        ),
        "exp-bad-rubric.toml": _exp("ok").replace(
            b'backend = "scripted:random"', b'backend = "scripted:random"\nrubric = "nosuch"'
        ),
        "exp-llm-typo.toml": _exp("ok", "[llm]\nthread = 2"),
        "exp-adv-int.toml": b'name = "x"\nadvisors = [5]\ncompiler = "scripted:first"\n',
        "exp-opp-int.toml": _exp("ok").replace(b'"big-money"', b"1"),
        "exp-huge-kingdoms.toml": _exp("ok", "random_kingdoms = 1000000000000"),
        "exp-huge-games.toml": _exp("ok").replace(
            b"compiled_games = 2", b"compiled_games = 1000000000000000"
        ),
    }
)

UNWRITABLE = "{plain.txt}/sub/out"  # a path under a regular file: unwritable even for root
B = ["-b", "scripted:first"]

CASES: list[tuple[str, list[str]]] = [
    # strategy files
    ("strategy-latin1", ["strategy", "check", "{latin1.toml}"]),
    ("strategy-binary", ["strategy", "check", "{binary.toml}"]),
    ("strategy-empty", ["strategy", "check", "{empty.toml}"]),
    ("strategy-nested-toml", ["strategy", "check", "{nested.toml}"]),
    ("strategy-nested-json", ["strategy", "check", "{nested.json}"]),
    ("strategy-deep-json", ["strategy", "check", "{deep.json}"]),
    ("strategy-huge", ["strategy", "check", "{huge.toml}"]),
    ("strategy-wrong-type", ["strategy", "check", "{wrongtype.toml}"]),
    ("strategy-other-game", ["strategy", "check", "{chess.toml}"]),
    ("strategy-nan", ["strategy", "check", "{nan.toml}"]),
    ("strategy-missing", ["strategy", "check", "{missing.toml}"]),
    ("strategy-folder", ["strategy", "check", "{dir}"]),
    # games
    ("simulate-latin1", ["simulate", "-p", "{latin1.toml}", "-p", "bmu", "-n", "2"]),
    ("simulate-huge-n", ["simulate", "-p", "bmu", "-p", "big-money", "-n", str(10**30)]),
    ("simulate-negative-n", ["simulate", "-p", "bmu", "-p", "big-money", "-n", "-1"]),
    ("simulate-unknown-bot", ["simulate", "-p", "nosuchbot", "-p", "bmu", "-n", "2"]),
    ("simulate-unknown-kingdom", ["simulate", "-k", "nosuch", "-p", "bmu", "-p", "bmu"]),
    ("simulate-random-nan", ["simulate", "-k", "random:nan", "-p", "bmu", "-p", "bmu"]),
    ("simulate-seed-inf", ["simulate", "--seed", "inf", "-p", "bmu", "-p", "bmu"]),
    ("simulate-unwritable", ["simulate", "-p", "bmu", "-p", "bmu", "-n", "2", "--out", UNWRITABLE]),
    ("simulate-workers", ["simulate", "-p", "bmu", "-p", "bmu", "-j", str(10**9)]),
    ("play-binary", ["play", "-p", "{binary.toml}", "-p", "bmu"]),
    ("play-seed-nan", ["play", "-p", "bmu", "-p", "bmu", "--seed", "nan"]),
    (
        "tournament-huge-kingdoms",
        ["tournament", "-p", "bmu", "-p", "big-money", "--kingdoms", f"random:{10**9}"],
    ),
    ("tournament-huge-n", ["tournament", "-p", "bmu", "-p", "big-money", "-n", str(10**30)]),
    (
        "tournament-unwritable",
        ["tournament", "-p", "bmu", "-p", "big-money", "-n", "2", "--out", UNWRITABLE],
    ),
    (
        "tournament-bootstrap-huge",
        ["tournament", "-p", "bmu", "-p", "big-money", "--bootstrap", str(10**12)],
    ),
    ("tournament-file-huge-games", ["tournament", "run", "{tour-huge.toml}"]),
    ("tournament-file-latin1", ["tournament", "run", "{latin1.toml}"]),
    ("tournament-file-nested", ["tournament", "run", "{nested.toml}"]),
    ("tournament-file-wrong", ["tournament", "run", "{tour-wrong.toml}"]),
    ("tournament-file-empty", ["tournament", "run", "{empty.toml}"]),
    # experiments
    ("experiment-latin1", ["experiment", "run", "{latin1.toml}", "--dry-run"]),
    ("experiment-binary", ["experiment", "run", "{binary.toml}", "--dry-run"]),
    ("experiment-nested", ["experiment", "run", "{exp-nested.toml}", "--dry-run"]),
    ("experiment-wrong-type", ["experiment", "run", "{exp-wrong.toml}", "--dry-run"]),
    ("experiment-name-dotdot", ["experiment", "run", "{exp-dotdot.toml}", "--dry-run"]),
    ("experiment-name-absolute", ["experiment", "run", "{exp-abs.toml}", "--dry-run"]),
    ("experiment-name-empty", ["experiment", "run", "{exp-empty-name.toml}", "--dry-run"]),
    ("experiment-name-dot", ["experiment", "run", "{exp-dot.toml}", "--dry-run"]),
    ("experiment-llm-advice", ["experiment", "run", "{exp-llm-advice.toml}", "--dry-run"]),
    ("experiment-unknown-opponent", ["experiment", "run", "{exp-bad-opponent.toml}", "--dry-run"]),
    ("experiment-unknown-backend", ["experiment", "run", "{exp-bad-backend.toml}", "--dry-run"]),
    ("experiment-unknown-template", ["experiment", "run", "{exp-bad-template.toml}", "--dry-run"]),
    ("experiment-unknown-rubric", ["experiment", "run", "{exp-bad-rubric.toml}", "--dry-run"]),
    ("experiment-huge-kingdoms", ["experiment", "run", "{exp-huge-kingdoms.toml}", "--dry-run"]),
    ("experiment-huge-games", ["experiment", "run", "{exp-huge-games.toml}", "--dry-run"]),
    ("experiment-advisors-not-tables", ["experiment", "run", "{exp-adv-int.toml}", "--dry-run"]),
    ("experiment-opponents-not-names", ["experiment", "run", "{exp-opp-int.toml}", "--dry-run"]),
    ("experiment-unwritable", ["experiment", "run", "{exp-llm-advice.toml}", "--out", UNWRITABLE]),
    ("experiment-timeout-zero", ["experiment", "run", "{exp-llm-advice.toml}", "--timeout", "0"]),
    ("experiment-llm-option-typo", ["experiment", "run", "{exp-llm-typo.toml}", "--dry-run"]),
    # advice
    ("advise-huge-n", ["advise", *B, "-n", str(10**30)]),
    ("advise-template-latin1", ["advise", *B, "-t", "{latin1.toml}"]),
    ("advise-template-nested", ["advise", *B, "-t", "{nested.toml}"]),
    ("advise-unknown-template", ["advise", *B, "-t", "nosuch"]),
    ("advise-unwritable-store", ["advise", *B, "--store", UNWRITABLE]),
    ("advise-bogus-option", ["advise", *B, "--backend-opt", "bogus=1"]),
    ("advise-threads-abc", ["advise", *B, "--backend-opt", "threads=abc"]),
    ("advise-temperature-nan", ["advise", *B, "--temperature", "nan"]),
    ("advise-unknown-backend", ["advise", "-b", "nosuch:model"]),
    ("compile-latin1", ["compile-advice", "{latin1.txt}", *B, "-k", "first-game"]),
    ("compile-empty", ["compile-advice", "{empty.txt}", *B, "-k", "first-game"]),
    ("compile-path-id", ["compile-advice", "{advice-path-id.json}", *B, "-k", "first-game"]),
    ("compile-text-list", ["compile-advice", "{advice-text-list.json}", *B]),
    ("compile-kingdom-int", ["compile-advice", "{advice-kingdom-int.json}", *B]),
    ("compile-lookup-dotdot", ["compile-advice", "../../../../etc/passwd", *B]),
    ("compile-nested", ["compile-advice", "{nested.json}", *B, "-k", "first-game"]),
    (
        "compile-unwritable",
        ["compile-advice", "{advice.txt}", *B, "-k", "first-game", "-o", UNWRITABLE],
    ),
    ("compliance-latin1", ["compliance", "{latin1.jsonl}"]),
    ("compliance-bad-line", ["compliance", "{badline.jsonl}"]),
    ("compliance-wrong-record", ["compliance", "{wrongrec.jsonl}"]),
    # llm
    ("ask-timeout-negative", ["llm", "ask", "scripted:first", "hi", "--timeout", "-1"]),
    ("ask-timeout-nan", ["llm", "ask", "scripted:first", "hi", "--timeout", "nan"]),
    ("ask-timeout-zero", ["llm", "ask", "scripted:first", "hi", "--timeout", "0"]),
    ("ask-temperature-nan", ["llm", "ask", "scripted:first", "hi", "--temperature", "nan"]),
    ("ask-max-tokens-negative", ["llm", "ask", "scripted:first", "hi", "--max-tokens", "-5"]),
    ("ask-schema-latin1", ["llm", "ask", "scripted:first", "hi", "--schema", "@{latin1.json}"]),
    ("ask-schema-nested", ["llm", "ask", "scripted:first", "hi", "--schema", "@{deep.json}"]),
    ("ask-schema-invalid", ["llm", "ask", "scripted:first", "hi", "--schema", "@{badschema.json}"]),
    ("ask-schema-not-json", ["llm", "ask", "scripted:first", "hi", "--schema", "{"]),
    ("ask-schema-list", ["llm", "ask", "scripted:first", "hi", "--schema", "[1]"]),
    ("ask-prices-latin1", ["llm", "ask", "scripted:first", "hi", "--prices", "{latin1.toml}"]),
    ("ask-base-url-not-http", ["llm", "ask", "openai:x", "hi", "--base-url", "notaurl"]),
    ("ask-unknown-prefix", ["llm", "ask", "nosuch:model", "hi"]),
    ("ask-unwritable-run-dir", ["llm", "ask", "scripted:first", "hi", "--run-dir", UNWRITABLE]),
    # ratings
    ("rate-text-without-kingdom", ["rate", "{advice.txt}", "--judge", "scripted:random"]),
    (
        "rate-rubric-latin1",
        [
            "rate",
            "{advice.txt}",
            "-k",
            "first-game",
            "--judge",
            "scripted:random",
            "-r",
            "{latin1.toml}",
        ],
    ),
    (
        "rate-unknown-rubric",
        ["rate", "{advice.txt}", "-k", "first-game", "--judge", "scripted:random", "-r", "nosuch"],
    ),
    (
        "rate-unwritable",
        [
            "rate",
            "{advice.txt}",
            "-k",
            "first-game",
            "--judge",
            "scripted:random",
            "--out",
            UNWRITABLE,
        ],
    ),
    (
        "ratings-import-latin1",
        ["ratings", "import", "{latin1.csv}", "--rater", "a", "--out", "{dir}/r.jsonl"],
    ),
    ("ratings-export-unwritable", ["ratings", "export", "--run", "{dir}", "--out", UNWRITABLE]),
    ("report-not-a-run", ["report", "{dir}"]),
]


def _snapshot(root: Path) -> dict[str, str]:
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            out[str(p.relative_to(root))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("inputs")
    for name, data in FILES.items():
        (d / name).write_bytes(data)
    (d / "huge.toml").write_bytes(b'gain = ["Silver"]\n' + b"#" * HUGE + b"\n")
    (d / "dir").mkdir()
    return d


@pytest.mark.parametrize(("case", "args"), CASES, ids=[c for c, _ in CASES])
def test_bad_input(
    case: str,
    args: list[str],
    files: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("GAMETEST_CACHE_DIR", str(work / "cache"))
    monkeypatch.setenv("GAMETEST_ADVICE_STORE", str(work / "store"))
    monkeypatch.setenv("GAMETEST_PRICES", str(work / "no-prices.toml"))
    argv = [re.sub(r"\{([\w.-]+)\}", lambda m: str(files / m.group(1)), a) for a in args]
    before_inputs, before_work = _snapshot(files), _snapshot(work)
    res = CliRunner().invoke(main, argv)
    err = res.stderr
    assert "Traceback" not in err + res.stdout, f"{case}: traceback\n{err}"
    assert res.exception is None or isinstance(res.exception, SystemExit), (
        f"{case}: {type(res.exception).__name__}: {res.exception}"
    )
    assert res.exit_code == 2, f"{case}: exit {res.exit_code}\n{res.stdout}\n{err}"
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), f"{case}: stderr was\n{err}"
    assert _snapshot(files) == before_inputs, f"{case}: changed its input files"
    assert _snapshot(work) == before_work, (
        f"{case}: wrote {set(_snapshot(work)) - set(before_work)}"
    )
    assert not Path("/tmp/gametest-escape").exists()
