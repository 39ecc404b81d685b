"""`python -m gametest.compiled build|clean|status`: build, remove or list the compiled engine."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from gametest.compiled import (
    HOT,
    MANIFEST,
    Entry,
    compiled_dir,
    describe,
    read_manifest,
    source_hash,
    source_path,
    status,
    suffix,
)


class BuildError(Exception):
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


def main(argv: list[str] | None = None) -> int:
    """Run one action; 0 on success, 2 when the build fails (one line on stderr)."""
    ap = argparse.ArgumentParser(prog="python -m gametest.compiled", description=__doc__)
    ap.add_argument("action", choices=["build", "clean", "status"])
    ap.add_argument("--jobs", type=int, default=2, help="parallel compiles (default 2)")
    args = ap.parse_args(argv)
    folder = compiled_dir()
    if args.action == "build":
        try:
            entries = build(folder, jobs=max(1, args.jobs))
        except BuildError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"compiled {len(entries)} modules into {folder}")
    elif args.action == "clean":
        print(f"removed {clean(folder)} files from {folder}")
    else:
        for name, state in status(folder):
            print(f"{state:9} {name}")
        print(describe())
    return 0


if __name__ == "__main__":
    sys.exit(main())
