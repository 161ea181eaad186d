"""One build at a time per output: a second build waits for the first, or stops with one line.

Two builds into the same folder (a live preview and ``nox -s build``, two terminals) would
write the same doctrees and pages at once, and one of them die half-way on a file the other
replaced. Each build therefore holds an exclusive lock on a file beside what it writes
(``fcntl.flock``, which the system releases when the process ends, however it ends, so a
crashed build never leaves the site locked). A second build waits while the first runs, up
to a limit (``portfolio_build_wait``), and then stops, naming the process that holds it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

try:
    import fcntl

    LOCKING = True
except ImportError:  # Windows: builds are not locked there (the site is built on POSIX systems)
    LOCKING = False

#: how often a waiting build looks again, in seconds
POLL = 0.2


class Busy(Exception):
    """Another build held the lock for longer than this one would wait."""


class BuildLock:
    """An exclusive lock on *path*; the holder's process id is written into the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None  # a descriptor, not a file object: only the process's end may close it

    def acquire(self, wait: float, waiting: Callable[[str], None]) -> None:
        """Takes the lock, waiting up to *wait* seconds; *waiting* is told once whom it waits for."""
        if not LOCKING:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        start = time.monotonic()
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder, waited = self.holder(fd), time.monotonic() - start
                if waited >= wait:
                    os.close(fd)
                    raise Busy(holder) from None
                # the holder writes its id just after taking the lock: give it a moment to
                if not told and (holder.startswith("process") or waited > 1):
                    waiting(holder)
                    told = True
                time.sleep(POLL)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd

    @staticmethod
    def holder(fd: int) -> str:
        pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        return f"process {pid}" if pid.isdigit() else "another process"

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
        self.fd = None
