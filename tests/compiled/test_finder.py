"""The compiled engine's finder: used only while a build matches its sources, else pure Python."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from gametest import compiled
from gametest.compiled import HOT, CompiledFinder, Entry, read_manifest, source_hash, source_path


def _manifest(folder: Path, modules: dict[str, dict[str, str]], suffix: str | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"suffix": suffix or compiled.suffix(), "modules": modules}
    (folder / compiled.MANIFEST).write_text(json.dumps(data))


def test_every_hot_module_has_a_source() -> None:
    assert all(source_path(name).is_file() for name in HOT)


def test_without_a_build_the_engine_is_pure(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("GAMETEST_COMPILED_DIR", str(tmp_path))
    monkeypatch.delenv("GAMETEST_PURE", raising=False)
    assert compiled.install() is None
    assert {state for _, state in compiled.status()} == {"pure"}
    assert compiled.describe() == "engine: pure Python"


@pytest.mark.parametrize(
    "text",
    ["", "{not json", "[1, 2]", '{"suffix": "SUFFIX", "modules": [1]}'],
    ids=["empty", "malformed", "not-an-object", "modules-not-a-map"],
)
def test_a_broken_manifest_means_no_build(tmp_path: Path, text: str) -> None:
    (tmp_path / compiled.MANIFEST).write_text(text.replace("SUFFIX", compiled.suffix()))
    assert read_manifest(tmp_path) == {}


def test_a_build_for_another_python_is_ignored(tmp_path: Path) -> None:
    name = "gametest.engine.rng"
    _manifest(tmp_path, {name: {"file": "x.so", "sha256": "0"}}, suffix=".cpython-299-foo.so")
    assert read_manifest(tmp_path) == {}


def test_an_edited_source_falls_back_to_pure_python_with_one_warning(tmp_path: Path) -> None:
    names = ["gametest.engine.rng", "gametest.engine.zones"]
    for name in names:
        (tmp_path / f"{name}.so").write_bytes(b"not loaded")
    entries = {n: Entry(n, f"{n}.so", "0" * 64) for n in names}  # hashes of other sources
    finder = CompiledFinder(tmp_path, entries)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert finder.find_spec(names[0], None) is None
        assert finder.find_spec(names[1], None) is None
    assert finder.stale == names
    assert len(caught) == 1 and "older than its source" in str(caught[0].message)


def test_a_fresh_entry_gives_an_extension_spec(tmp_path: Path) -> None:
    name = "gametest.engine.rng"
    so = tmp_path / f"{name}{compiled.suffix()}"
    so.write_bytes(b"")
    finder = CompiledFinder(tmp_path, {name: Entry(name, so.name, source_hash(source_path(name)))})
    spec = finder.find_spec(name, None)
    assert spec is not None and spec.origin == str(so)
    assert finder.find_spec("gametest.engine.view", None) is None  # not in the build


def test_a_missing_extension_falls_back(tmp_path: Path) -> None:
    name = "gametest.engine.rng"
    entry = Entry(name, "gone.so", source_hash(source_path(name)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert CompiledFinder(tmp_path, {name: entry}).find_spec(name, None) is None


def test_only_hot_modules_are_taken_from_a_manifest(tmp_path: Path) -> None:
    _manifest(tmp_path, {"os": {"file": "os.so", "sha256": "0"}})
    assert read_manifest(tmp_path) == {}


def test_status_names_compiled_stale_and_pure(tmp_path: Path, monkeypatch) -> None:
    fresh, edited, gone = "gametest.engine.rng", "gametest.engine.zones", "gametest.engine.loop"
    (tmp_path / "a.so").write_bytes(b"")
    (tmp_path / "b.so").write_bytes(b"")
    _manifest(
        tmp_path,
        {
            fresh: {"file": "a.so", "sha256": source_hash(source_path(fresh))},
            edited: {"file": "b.so", "sha256": "0" * 64},
            gone: {"file": "c.so", "sha256": source_hash(source_path(gone))},
        },
    )
    monkeypatch.setenv("GAMETEST_COMPILED_DIR", str(tmp_path))
    monkeypatch.delenv("GAMETEST_PURE", raising=False)
    states = dict(compiled.status())
    assert states[fresh] == "compiled" and states[edited] == states[gone] == "stale"
    assert list(states.values()).count("pure") == len(HOT) - 3
    line = compiled.describe()
    assert (
        line
        == f"engine: compiled by Cython (1 of {len(HOT)} hot modules, 2 stale (using their source))"
    )
    monkeypatch.setenv("GAMETEST_PURE", "1")
    assert compiled.install() is None
    assert compiled.describe() == "engine: pure Python (GAMETEST_PURE is set)"
