"""Reading user files (text, TOML, JSON) with one set of checks: size, UTF-8, nesting depth.

Every command that reads a file a user names goes through here, so a binary, huge, non-UTF-8
or absurdly nested file is one UsageError line (exit 2), never a traceback.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

from gametest.engine.errors import UsageError

MAX_FILE_BYTES = 4 * 1024 * 1024  # strategies, experiments, templates, schemas: far below this
MAX_DEPTH = 64  # nesting of tables/arrays/objects in one document


def read_text(path: str | Path, what: str = "file", max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file's text; UsageError if it is missing, unreadable, too large or not UTF-8."""
    p = Path(path)
    try:
        with p.open("rb") as f:
            raw = f.read(max_bytes + 1)
    except IsADirectoryError:
        raise UsageError(f"{what} {p}: is a folder, not a file") from None
    except OSError as e:
        raise UsageError(f"{what} {p}: cannot read: {e.strerror or e}") from None
    if len(raw) > max_bytes:
        raise UsageError(f"{what} {p}: larger than {max_bytes:,} bytes")
    return decode_text(raw, f"{what} {p}")


def decode_text(raw: bytes, where: str) -> str:
    """UTF-8 text of `raw` (a leading BOM is dropped); UsageError naming `where` otherwise."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise UsageError(f"{where}: not UTF-8 text (byte {e.start})") from None
    if "\x00" in text:
        raise UsageError(f"{where}: binary data, not text")
    return text


def parse_json(text: str, where: str) -> Any:
    """A JSON document with finite numbers and bounded nesting; UsageError otherwise."""
    try:
        doc = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as e:
        msg = "nested too deeply" if isinstance(e, RecursionError) else str(e)
        raise UsageError(f"{where}: not valid JSON: {msg}") from None
    check_depth(doc, where)
    return doc


def parse_toml(text: str, where: str) -> dict[str, Any]:
    """A TOML document with finite numbers and bounded nesting; UsageError otherwise."""
    try:
        doc = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as e:
        msg = "nested too deeply" if isinstance(e, RecursionError) else str(e)
        raise UsageError(f"{where}: not valid TOML: {msg}") from None
    check_depth(doc, where)
    return doc


def read_json(path: str | Path, what: str = "file", max_bytes: int = MAX_FILE_BYTES) -> Any:
    """Read and parse a JSON file with every check of read_text and parse_json."""
    return parse_json(read_text(path, what, max_bytes), f"{what} {path}")


def read_toml(
    path: str | Path, what: str = "file", max_bytes: int = MAX_FILE_BYTES
) -> dict[str, Any]:
    """Read and parse a TOML file with every check of read_text and parse_toml."""
    return parse_toml(read_text(path, what, max_bytes), f"{what} {path}")


def read_document(path: str | Path, what: str = "file", max_bytes: int = MAX_FILE_BYTES) -> Any:
    """A .json file as JSON, anything else as TOML."""
    if Path(path).suffix.lower() == ".json":
        return read_json(path, what, max_bytes)
    return read_toml(path, what, max_bytes)


def check_depth(doc: Any, where: str, limit: int = MAX_DEPTH) -> None:
    """UsageError if containers nest deeper than `limit` or a number is not finite."""
    stack: list[tuple[Any, int]] = [(doc, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth >= limit:
                raise UsageError(f"{where}: nested more than {limit} levels deep")
            items = node.values() if isinstance(node, dict) else node
            stack.extend((v, depth + 1) for v in items)
        elif isinstance(node, float) and (node != node or node in (float("inf"), float("-inf"))):
            raise UsageError(f"{where}: the number {node} is not finite")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def check_writable(path: str | Path, what: str = "output", folder: bool = False) -> Path:
    """UsageError unless `path` (a file, or a folder with `folder`) could be written: its
    nearest existing ancestor is a writable folder. Creates nothing, so a command can check
    every output before it does any work."""
    p = Path(path)
    if p.exists():
        if folder != p.is_dir():
            kind = "a file" if folder else "a folder"
            raise UsageError(f"{what} {p}: is {kind}")
        if not os.access(p, os.W_OK):
            raise UsageError(f"{what} {p}: not writable")
        return p
    parent = p.absolute().parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise UsageError(f"{what} {p}: {parent} is a file, not a folder")
    if not os.access(parent, os.W_OK):
        raise UsageError(f"{what} {p}: folder {parent} is not writable")
    return p
