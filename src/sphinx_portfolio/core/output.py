"""Files the portfolio writes: atomically, so a failure never leaves a truncated file behind."""

from __future__ import annotations

import contextlib
import os
import posixpath
import tempfile
from pathlib import Path
from typing import Any


def atomic_write(target: Path, content: str | bytes, durable: bool = True) -> None:
    """Write *content* to a temporary file beside *target*, flush it to disk, then rename it over.

    A reader (or a crash, or a full disk) sees the old file or the new one, never half of one.
    With ``durable=False`` the data is not forced to the disk before the rename: for files of
    the built site, which a rebuild makes again, readers still never see half a file.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_if_changed(target: Path, content: str | bytes) -> None:
    """Write a file of the built site, unless it holds *content* already (incremental builds touch nothing else)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if not target.exists() or target.read_bytes() != data:
        atomic_write(target, data, durable=False)


def page_folder(builder: Any, docname: str) -> str:  # a Sphinx builder: no Sphinx import in the core
    """The output folder of a page's HTML, which its relative links start from."""
    return posixpath.dirname(str(builder.get_target_uri(docname)))


def beside_page(app: Any, docname: str, name: str) -> Path:  # a Sphinx application
    """Where a file that a page links to by its bare *name* is written."""
    return Path(app.outdir, page_folder(app.builder, docname), name)
