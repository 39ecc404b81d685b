"""Report blocks render the same content as Markdown and as self-contained HTML."""

from __future__ import annotations

from gametest.reports import blocks, experiment
from gametest.reports.blocks import Block, to_html, to_markdown


def test_blocks_are_still_importable_from_the_experiment_report() -> None:
    """Other modules import Block, to_markdown and to_html from reports.experiment."""
    assert experiment.Block is blocks.Block
    assert experiment.to_markdown is blocks.to_markdown and experiment.to_html is blocks.to_html


def test_markdown_and_html_of_each_kind() -> None:
    """Headings, the headline paragraph, a table with a pipe, a quote, links and a figure."""
    bl = [
        Block("h2", "Section"),
        Block("p", "Run `x` <ok>", name="headline"),
        Block("table", headers=["a", "b"], rows=[["1|2", "3"]]),
        Block("quote", "line one\n\nline two"),
        Block("links", rows=[["game 1", "viewers/g1.html"]]),
        Block("img", "A figure", image=b"\x89PNG", name="fig"),
    ]
    md = to_markdown(bl)
    assert md.startswith("## Section\n\nRun `x` <ok>\n\n| a | b |\n|---|---|\n| 1\\|2 | 3 |")
    assert "> line one\n>\n> line two" in md and "- [game 1](viewers/g1.html)" in md
    assert "![A figure](report_plots/fig.png)" in md
    page = to_html(bl, "t")
    assert '<p class="headline" id="headline">Run <code>x</code> &lt;ok&gt;</p>' in page
    assert "<td>1|2</td>" in page and 'src="data:image/png;base64,iVBORw=="' in page
