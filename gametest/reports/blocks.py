"""Report blocks (headings, paragraphs, tables, figures, quotes, links) and their two renderings.

A report is one list of blocks rendered both as Markdown (figures linked under report_plots/)
and as one self-contained HTML page (figures as data: URIs), so the two always say the same
thing.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field

PLOTS_DIR = "report_plots"


@dataclass
class Block:
    """One piece of the report: heading, paragraph, table, figure, quote or links
    (rows of [text, href])."""

    kind: str
    text: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    image: bytes | None = None
    name: str = ""


def _md_cell(s: str) -> str:
    """A Markdown table cell: pipes escaped, newlines flattened."""
    return s.replace("|", "\\|").replace("\n", " ")


def to_markdown(blocks: list[Block], plot_dir: str = PLOTS_DIR) -> str:
    """The blocks as Markdown; figures link to PNG files under `plot_dir`."""
    out: list[str] = []
    for bl in blocks:
        if bl.kind in ("h1", "h2", "h3"):
            out.append("#" * int(bl.kind[1]) + " " + bl.text)
        elif bl.kind == "p":
            out.append(bl.text)
        elif bl.kind == "quote":
            out.append("\n".join("> " + line if line else ">" for line in bl.text.splitlines()))
        elif bl.kind == "img":
            out.append(f"![{bl.text}]({plot_dir}/{bl.name}.png)\n\n*{bl.text}*")
        elif bl.kind == "links":
            out.append("\n".join(f"- [{_md_cell(t)}]({href})" for t, href in bl.rows))
        elif bl.kind == "table":
            out.append("| " + " | ".join(_md_cell(h) for h in bl.headers) + " |")
            out[-1] += "\n|" + "---|" * len(bl.headers)
            for r in bl.rows:
                out[-1] += "\n| " + " | ".join(_md_cell(c) for c in r) + " |"
    return "\n\n".join(out) + "\n"


CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1100px;
margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
table{border-collapse:collapse;margin:1em 0;font-size:.85em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}tr:nth-child(even) td{background:#fafafa}
blockquote{border-left:4px solid #ccc;margin:1em 0;padding:.2em 1em;color:#333;
white-space:pre-wrap;background:#f8f8f8}
figure{margin:1em 0}figcaption{font-size:.85em;color:#555}
img{max-width:100%;height:auto}.headline{font-size:1.05em;background:#eef5ff;padding:.8em;
border-radius:4px}code{background:#f1f1f1;padding:0 .2em}
"""


def _inline(s: str) -> str:
    """Escape text for HTML, keeping `code` spans."""
    parts = html.escape(s).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


def to_html(blocks: list[Block], title: str) -> str:
    """The blocks as one self-contained HTML page (figures as data: URIs, inline CSS)."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>",
    ]
    for bl in blocks:
        if bl.kind in ("h1", "h2", "h3"):
            out.append(f"<{bl.kind}>{_inline(bl.text)}</{bl.kind}>")
        elif bl.kind == "p":
            cls = ' class="headline" id="headline"' if bl.name == "headline" else ""
            out.append(f"<p{cls}>{_inline(bl.text)}</p>")
        elif bl.kind == "quote":
            out.append(f"<blockquote>{html.escape(bl.text)}</blockquote>")
        elif bl.kind == "img" and bl.image is not None:
            data = base64.b64encode(bl.image).decode("ascii")
            out.append(
                f'<figure><img id="{bl.name}" alt="{html.escape(bl.text)}" '
                f'src="data:image/png;base64,{data}"><figcaption>'
                f"{html.escape(bl.text)}</figcaption></figure>"
            )
        elif bl.kind == "links":
            items = "".join(
                f'<li><a href="{html.escape(h)}">{html.escape(t)}</a></li>' for t, h in bl.rows
            )
            out.append(f"<ul>{items}</ul>")
        elif bl.kind == "table":
            head = "".join(f"<th>{html.escape(h)}</th>" for h in bl.headers)
            body = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in bl.rows
            )
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
