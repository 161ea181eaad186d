"""Files the extension writes beside the HTML (feed, BibTeX downloads, robots.txt)."""

from __future__ import annotations

import posixpath
from pathlib import Path


def write_if_changed(target: Path, content: str | bytes) -> None:
    """Write *content* unless the file holds it already, so incremental builds touch nothing else."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_bytes() != data:
        target.write_bytes(data)


def page_folder(builder, docname: str) -> str:
    """The output folder of a page's HTML, which its relative links start from."""
    return posixpath.dirname(builder.get_target_uri(docname))


def beside_page(app, docname: str, name: str) -> Path:
    """Where a file that a page links to by its bare *name* is written."""
    return Path(app.outdir, page_folder(app.builder, docname), name)
