"""Reports from a run folder: Markdown and self-contained HTML with embedded plots."""
