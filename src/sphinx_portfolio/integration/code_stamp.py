"""What every kept result depends on besides its inputs: the code that made it."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import docutils
import sphinx


@functools.cache
def code_stamp() -> str:
    """The engine's code and catalogs, Sphinx's and docutils' versions: HTML other code made is never reused."""
    digest = hashlib.sha1(f"{sphinx.__version__} {docutils.__version__}".encode())
    package = Path(__file__).parent.parent
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".mo"}:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
