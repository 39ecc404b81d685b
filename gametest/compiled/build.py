"""Building and removing the compiled engine (Cython; `gametest engine build|clean|status`)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from gametest.compiled import (
    HOT,
    MANIFEST,
    Entry,
    compiled_dir,
    read_manifest,
    source_hash,
    source_path,
    suffix,
)
from gametest.engine.errors import GametestError


class BuildError(GametestError):
    """The compiled engine could not be built (no Cython, no C compiler, a failed compile)."""


def build(folder: Path | None = None, jobs: int = 2) -> dict[str, Entry]:
    """Compile every HOT module into folder and write its manifest; returns the entries."""
    try:
        from Cython.Build import cythonize
        from setuptools import Distribution, Extension
        from setuptools.command.build_ext import build_ext
    except ImportError as exc:
        raise BuildError(
            f"{exc.name or 'Cython'} is not installed: pip install -e '.[compiled]'"
        ) from None
    folder = folder or compiled_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / ".write-test").touch()
        (folder / ".write-test").unlink()
    except OSError as exc:
        raise BuildError(
            f"cannot write {folder} ({exc.strerror}): set GAMETEST_COMPILED_DIR to a folder"
            " you can write"
        ) from None
    hashes = {name: source_hash(source_path(name)) for name in HOT}
    with tempfile.TemporaryDirectory(prefix="gametest-build-") as tmp:
        exts = [Extension(name, [str(source_path(name))]) for name in HOT]
        try:
            modules = cythonize(
                exts,
                build_dir=os.path.join(tmp, "c"),
                compiler_directives={"language_level": 3, "binding": True},
                nthreads=jobs,
                quiet=True,
            )
            dist = Distribution({"ext_modules": modules, "script_name": "gametest-compiled"})
            cmd = build_ext(dist)
            cmd.build_lib = os.path.join(tmp, "lib")
            cmd.build_temp = os.path.join(tmp, "obj")
            cmd.parallel = jobs
            cmd.ensure_finalized()
            cmd.run()
        except (Exception, SystemExit) as exc:  # the compiler's own errors went to stderr
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise BuildError(f"compiling the engine failed: {first}") from None
        entries: dict[str, Entry] = {}
        for name in HOT:
            built = Path(tmp, "lib", *name.split(".")).with_name(name.split(".")[-1] + suffix())
            target = name + suffix()
            # a new file moved into place: a running process keeps the old extension it mapped
            shutil.copyfile(built, folder / f".{target}.new")
            os.replace(folder / f".{target}.new", folder / target)
            entries[name] = Entry(name, target, hashes[name])
    manifest = {
        "suffix": suffix(),
        "modules": {e.module: {"file": e.file, "sha256": e.sha256} for e in entries.values()},
    }
    (folder / f".{MANIFEST}.new").write_text(json.dumps(manifest, indent=1) + "\n")
    os.replace(folder / f".{MANIFEST}.new", folder / MANIFEST)
    return entries


def clean(folder: Path | None = None) -> int:
    """Remove a build (the manifest and the extensions it names); returns files removed."""
    folder = folder or compiled_dir()
    entries = read_manifest(folder)
    removed = 0
    for path in [folder / e.file for e in entries.values()] + [folder / MANIFEST]:
        if path.is_file():
            path.unlink()
            removed += 1
    return removed
