"""One build at a time per doctree folder: a second one waits, or stops with one line (core/locking.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..core.locking import BuildLock, Busy

#: the lock file, in the build's doctree folder (what two builds at once would both rewrite)
LOCK_FILE = ".portfolio-build.lock"


def take_build_lock(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: wait for any other build into the same folders (reading or writing
    doctrees and pages), up to ``portfolio_build_wait`` seconds."""
    wait = app.config.portfolio_build_wait
    lock = BuildLock(Path(app.doctreedir) / LOCK_FILE)

    def waiting(holder: str) -> None:
        print(f"waiting for {holder}, which is building into {app.outdir} (up to {wait} s)", file=sys.stderr)

    try:
        lock.acquire(wait, waiting)
    except Busy as busy:
        raise SystemExit(
            f"another build into {app.outdir} is running ({busy}) and went on for more than "
            f"portfolio_build_wait = {wait} s; wait for it to end, or stop it"
        ) from None
    app.builder.portfolio_lock = lock  # type: ignore[attr-defined]


def release_build_lock(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: the next build may start."""
    lock = getattr(app.builder, "portfolio_lock", None)
    if lock is not None:
        lock.release()
