"""Files the extension writes beside the HTML (feed, BibTeX downloads, robots.txt)."""

from __future__ import annotations

from pathlib import Path


def write_if_changed(target: Path, content: str | bytes) -> None:
    """Write *content* unless the file holds it already, so incremental builds touch nothing else."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_bytes() != data:
        target.write_bytes(data)
