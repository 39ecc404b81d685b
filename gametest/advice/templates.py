"""Prompt templates for writing advice: shipped ones by name, or a user's .toml/.md file.

A template has a system and a user message with placeholders {game}, {players}, {kingdom},
{card_rules} and {max_words}; any other {word} is an error (JSON braces are left alone).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from gametest.engine.errors import UsageError, unknown
from gametest.engine.inputs import parse_toml, read_text

TEMPLATES_DIR = Path(__file__).parent / "templates"
PLACEHOLDERS = ("game", "players", "kingdom", "card_rules", "max_words")
_FIELD = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Template:
    """A loaded template: its id, content hash, messages and where it came from."""

    id: str
    hash: str
    system: str
    user: str
    source: str
    description: str = ""

    def render(self, values: dict[str, str]) -> tuple[str, str]:
        """The (system, user) messages with placeholders filled in."""
        return _fill(self.system, values, self.id), _fill(self.user, values, self.id)


def _fill(text: str, values: dict[str, str], tid: str) -> str:
    """Replace {name} placeholders; unknown names are a usage error."""

    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        if key not in values:
            raise UsageError(
                f"template '{tid}' uses unknown placeholder {{{key}}}; "
                f"known: {', '.join(PLACEHOLDERS)}"
            )
        return values[key]

    return _FIELD.sub(sub, text)


def template_names() -> list[str]:
    """Names of the templates shipped with gametest."""
    return sorted(p.stem for p in TEMPLATES_DIR.glob("*.toml")) + sorted(
        p.stem for p in TEMPLATES_DIR.glob("*.md")
    )


def load_template(name_or_path: str) -> Template:
    """A shipped template by name, or a template file (.toml with system/user, or .md)."""
    path = Path(name_or_path)
    shipped = False
    if not path.exists():
        found = [
            p
            for p in (TEMPLATES_DIR / f"{name_or_path}.toml", TEMPLATES_DIR / f"{name_or_path}.md")
            if p.exists()
        ]
        if not found:
            raise unknown("advice template", name_or_path, template_names())
        path, shipped = found[0], True
    text = read_text(path, "template")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if path.suffix == ".toml":
        doc = parse_toml(text, f"template {path}")
        if not isinstance(doc.get("user"), str):
            raise UsageError(f"template {path}: needs a 'user' string (and may set 'system')")
        system, user = str(doc.get("system", "")), doc["user"]
        desc = str(doc.get("description", ""))
    else:
        system, user, desc = "", text, ""
    source = f"builtin:{path.name}" if shipped else str(path.resolve())
    return Template(path.stem, digest, system, user, source, desc)
