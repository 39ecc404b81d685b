"""The optional compiled engine: hot modules built by Cython, used only while their sources match.

`gametest engine build` compiles the modules in HOT, unchanged Python, to C
extensions in gametest/_compiled/ (or $GAMETEST_COMPILED_DIR) with a manifest of each source's
SHA-256. `import gametest` adds a finder that loads a compiled module in place of its source
only while the source still hashes to the manifest's value, so an edited module falls back to
pure Python (with one warning) instead of running stale code. GAMETEST_PURE=1 ignores the build.
The pure-Python path stays the default: nothing is compiled unless someone runs `build`.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

# Where a game spends its time (cProfile by file, bench/engine.py's matchups): the turn
# generators, the bots, the views they read, the engine loop, zones and shuffle.
HOT: tuple[str, ...] = (
    "gametest.engine.decision",
    "gametest.engine.loop",
    "gametest.engine.record",
    "gametest.engine.rng",
    "gametest.engine.shuffle",
    "gametest.engine.zones",
    "gametest.games.dominion.card",
    "gametest.games.dominion.cards",
    "gametest.games.dominion.policy",
    "gametest.games.dominion.state",
    "gametest.games.dominion.view",
    "gametest.games.embermarch.cards",
    "gametest.games.embermarch.policy",
    "gametest.games.embermarch.state",
    "gametest.games.embermarch.view",
)
MANIFEST = "manifest.json"
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent


def compiled_dir() -> Path:
    """The folder holding the compiled modules and their manifest."""
    env = os.environ.get("GAMETEST_COMPILED_DIR")
    return Path(env) if env else _PACKAGE_ROOT / "gametest" / "_compiled"


def source_path(module: str) -> Path:
    """The .py file a module name in HOT compiles from."""
    return _PACKAGE_ROOT.joinpath(*module.split(".")).with_suffix(".py")


def source_hash(path: Path) -> str:
    """SHA-256 of a source file's bytes: what a compiled module must still match."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One compiled module as the manifest records it."""

    module: str
    file: str
    sha256: str


def read_manifest(folder: Path) -> dict[str, Entry]:
    """The manifest's HOT entries for this interpreter ({} if absent or for another Python)."""
    try:
        data = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("suffix") != suffix():
        return {}
    modules = data.get("modules")
    if not isinstance(modules, dict):
        return {}
    return {
        name: Entry(name, str(m["file"]), str(m["sha256"]))
        for name, m in modules.items()
        if name in HOT and isinstance(m, dict) and "file" in m and "sha256" in m
    }


def suffix() -> str:
    """This interpreter's extension-module suffix (a build for another Python is ignored)."""
    return importlib.machinery.EXTENSION_SUFFIXES[0]


class CompiledFinder(MetaPathFinder):
    """Finds a HOT module's compiled extension while its source is unchanged since the build."""

    def __init__(self, folder: Path, entries: dict[str, Entry]) -> None:
        self.folder = folder
        self.entries = entries
        self.stale: list[str] = []

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        """A spec for the extension, or None (the normal finders then load the source)."""
        entry = self.entries.get(fullname)
        if entry is None:
            return None
        so = self.folder / entry.file
        try:
            fresh = source_hash(source_path(fullname)) == entry.sha256 and so.is_file()
        except OSError:
            fresh = False
        if not fresh:
            self._warn_stale(fullname)
            return None
        loader = importlib.machinery.ExtensionFileLoader(fullname, str(so))
        return importlib.util.spec_from_file_location(fullname, so, loader=loader)

    def _warn_stale(self, fullname: str) -> None:
        self.stale.append(fullname)
        if len(self.stale) == 1:
            warnings.warn(
                f"gametest: the compiled {fullname} is older than its source; using the source"
                " (rebuild with `gametest engine build`)",
                RuntimeWarning,
                stacklevel=2,
            )


def install() -> CompiledFinder | None:
    """Put the finder first on sys.meta_path when a build exists and GAMETEST_PURE is unset."""
    if os.environ.get("GAMETEST_PURE"):
        return None
    folder = compiled_dir()
    if not (folder / MANIFEST).is_file():
        return None
    for finder in sys.meta_path:
        if isinstance(finder, CompiledFinder):
            return finder
    entries = read_manifest(folder)
    if not entries:
        return None
    finder = CompiledFinder(folder, entries)
    sys.meta_path.insert(0, finder)
    return finder


def active() -> list[str]:
    """The HOT modules imported from their compiled extension in this process."""
    return [
        name
        for name in HOT
        if (mod := sys.modules.get(name)) is not None and (mod.__file__ or "").endswith(suffix())
    ]


def status(folder: Path | None = None) -> list[tuple[str, str]]:
    """Each HOT module: 'compiled', 'stale' (source changed or extension gone) or 'pure'."""
    folder = folder or compiled_dir()
    entries = read_manifest(folder)
    out = []
    for name in HOT:
        entry = entries.get(name)
        if entry is None:
            out.append((name, "pure"))
        elif source_hash(source_path(name)) != entry.sha256 or not (folder / entry.file).is_file():
            out.append((name, "stale"))
        else:
            out.append((name, "compiled"))
    return out


def describe() -> str:
    """One line naming the engine this process would use (bench scripts print it)."""
    if os.environ.get("GAMETEST_PURE"):
        return "engine: pure Python (GAMETEST_PURE is set)"
    counts = {"compiled": 0, "stale": 0, "pure": 0}
    for _, state in status():
        counts[state] += 1
    if counts["compiled"] == 0:
        return "engine: pure Python"
    stale = f", {counts['stale']} stale (using their source)" if counts["stale"] else ""
    return f"engine: compiled by Cython ({counts['compiled']} of {len(HOT)} hot modules{stale})"
