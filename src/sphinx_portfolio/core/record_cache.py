"""Paper records kept between builds, each under a digest of everything it is made from.

Making the record of an entry (decoding its LaTeX, reading its names, checking its fields)
is most of what checking refs.bib costs: about a millisecond per entry, every build, though
an edit changes one entry. So the records of entries that had no problem are kept in the
site's cache folder (``portfolio_cache_dir``) and made again only for entries whose fields,
or the settings a record reads, changed. The digest also covers the engine's own code, so a
new version of the engine never reuses a record an older one made.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from pathlib import Path
from typing import Any

from .bibfile import RawEntry
from .output import atomic_write

#: the file in the cache folder
FILE_NAME = "records.pickle"


@functools.cache
def code_stamp() -> str:
    """A digest of the engine's core modules: records made by other code are never reused."""
    digest = hashlib.sha1()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()


def entry_digest(entry: RawEntry, *context: Any) -> str:
    """What the record of *entry* is made from: its type, key and fields, and *context* (settings)."""
    fields = sorted((name, raw.value) for name, raw in entry.fields.items())
    return hashlib.sha1(repr((code_stamp(), entry.entry_type, entry.key, fields, context)).encode()).hexdigest()


def read_kept(path: Path) -> dict[str, Any]:
    """What a cache file holds by digest; empty when there is none yet, or it can no longer be read."""
    try:
        with path.open("rb") as stream:
            loaded = pickle.load(stream)
    except Exception:  # no cache yet, or one an older engine wrote: everything is made again
        return {}
    return loaded if isinstance(loaded, dict) else {}


class RecordCache:
    """Records by digest: those of the last build, and those this build made or used."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.kept: dict[str, Any] = read_kept(path) if path is not None else {}
        self.used: dict[str, Any] = {}

    def get(self, digest: str) -> Any | None:
        found = self.kept.get(digest)
        if found is not None:
            self.used[digest] = found
        return found

    def put(self, digest: str, value: Any) -> None:
        self.used[digest] = value

    def save(self) -> None:
        """Keeps what this build used, and only that, when it differs from what was kept."""
        if self.path is None or self.used.keys() == self.kept.keys():
            return
        atomic_write(self.path, pickle.dumps(self.used, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
