"""Rubrics: the judge's instructions and answer schema, shipped by name or from a user's TOML."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gametest.engine.errors import UsageError, unknown
from gametest.engine.inputs import parse_toml, read_text

RUBRICS_DIR = Path(__file__).parent / "rubrics"


@dataclass(frozen=True)
class Rubric:
    """A loaded rubric: id, content hash, kind (absolute|pairwise), criteria and messages."""

    id: str
    hash: str
    kind: str
    criteria: tuple[str, ...]
    system: str
    user: str
    description: str = ""
    scale: tuple[int, int] = (1, 10)  # lowest and highest score of absolute criteria

    def schema(self) -> dict[str, Any]:
        """The JSON Schema a judge's answer must satisfy."""
        if self.kind == "pairwise":
            props: dict[str, Any] = {"better": {"type": "string", "enum": ["A", "B"]}}
        else:
            lo, hi = self.scale
            props = {c: {"type": "integer", "minimum": lo, "maximum": hi} for c in self.criteria}
        props["reason"] = {"type": "string", "maxLength": 300}
        return {
            "type": "object",
            "properties": props,
            "required": [*props.keys() - {"reason"}],
            "additionalProperties": False,
        }

    def render(self, **values: str) -> tuple[str, str]:
        """The (system, user) messages with {placeholders} filled in."""
        try:
            return self.system.format(**values), self.user.format(**values)
        except (KeyError, IndexError, ValueError) as e:
            raise UsageError(f"rubric '{self.id}': bad placeholder {e}") from None


def rubric_names() -> list[str]:
    """Names of the shipped rubrics."""
    return sorted(p.stem for p in RUBRICS_DIR.glob("*.toml"))


def load_rubric(name_or_path: str) -> Rubric:
    """A shipped rubric by name, or a rubric TOML file (id, kind, criteria, system, user)."""
    p = Path(name_or_path)
    if not p.suffix:
        p = RUBRICS_DIR / f"{name_or_path}.toml"
        if not p.exists():
            raise unknown("rubric", name_or_path, rubric_names())
    text = read_text(p, "rubric")
    raw = text.encode("utf-8")
    doc = parse_toml(text, f"rubric {p}")
    missing = [k for k in ("user", "criteria") if k not in doc]
    if missing:
        raise UsageError(f"rubric {p}: missing '{missing[0]}'")
    if not isinstance(doc["criteria"], list) or not isinstance(doc["user"], str):
        raise UsageError(f"rubric {p}: 'criteria' must be a list and 'user' a string")
    kind = str(doc.get("kind", "absolute"))
    from gametest.judges.kinds import judge_kinds

    if kind not in judge_kinds():
        known = " or ".join(f"'{k}'" for k in judge_kinds())
        raise UsageError(f"rubric {p}: kind must be {known}, not '{kind}'")
    criteria = tuple(str(c) for c in doc["criteria"])
    scale = doc.get("scale", [1, 10])
    if (
        not isinstance(scale, list)
        or len(scale) != 2
        or not all(isinstance(v, int) for v in scale)
        or scale[0] >= scale[1]
    ):
        raise UsageError(f"rubric {p}: scale must be [lowest, highest] whole numbers")
    if kind == "absolute" and "overall" not in criteria:
        raise UsageError(f"rubric {p}: criteria must include 'overall'")
    return Rubric(
        id=str(doc.get("id", p.stem)),
        hash=hashlib.sha256(raw).hexdigest()[:12],
        kind=kind,
        criteria=criteria,
        system=str(doc.get("system", "")),
        user=str(doc["user"]),
        description=str(doc.get("description", "")),
        scale=(scale[0], scale[1]),
    )
