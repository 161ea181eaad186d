"""Renaming a paper's key without breaking a link: ``portfolio rename OLD NEW``.

The key names the paper's page (``papers/<key>.md``) and so its address. Renaming it rewrites
refs.bib's entry, moves the page, and rewrites every reference to the key in the pages
(``{paper}``, ``{cite}`` and ``{footcite}`` roles, ``{doc}`` links to the page, the page's
front matter); and it records the move in ``redirects.json``, from which every build writes a
page at the old address that sends readers, and search engines, to the new one. A key
already changed by hand in refs.bib gets the rest: the references and the redirect.

Nothing is written unless the site, renamed, passes the check (tried on a scratch copy);
then each file is replaced atomically, and a failure on the way puts every file back.
"""

from __future__ import annotations

import posixpath
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from .authoring import AuthoringError, copy_sources
from .bibedit import EditError, set_key
from .check import PAPER_ROLE, Sources, check_sources
from .output import atomic_write
from .records import page_name
from .redirects import REDIRECTS, read_redirects, redirects_text
from .settings import Settings
from .sources import CITE, DOC_ROLE

#: what a key may be: what BibTeX reads as one
KEY = re.compile(r'^[^\s,{}()"#%\'=\\]+$')
#: the page's front matter line that names its paper
PAPER_LINE = re.compile(r"^(paper:[ \t]*['\"]?)(.+?)(['\"]?[ \t]*)$", re.MULTILINE)


def with_targets(pattern: re.Pattern[str], text: str, change: Callable[[str], str]) -> str:
    """*text* with what group 1 of each match of *pattern* holds changed by *change*."""

    def swap(found: re.Match[str]) -> str:
        start, end = found.start(1) - found.start(), found.end(1) - found.start()
        whole = found.group(0)
        return whole[:start] + change(found.group(1)) + whole[end:]

    return pattern.sub(swap, text)


def renamed_keys(text: str, old: str, new: str) -> str:
    """*text* with every ``{paper}``, ``{cite}`` and ``{footcite}`` of *old* naming *new* (in lists of keys too)."""

    def swap(keys: str) -> str:
        return "".join(new if part.strip() == old else part for part in re.split(r"(\s*,\s*)", keys))

    return with_targets(PAPER_ROLE, with_targets(CITE, text, swap), swap)


def relinked(text: str, docname: str, old_doc: str, new_doc: str) -> str:
    """*text* of page *docname* with each ``{doc}`` link to *old_doc* linking to *new_doc*, written alike."""

    def swap(written: str) -> str:
        target = written.strip()
        absolute = target.startswith("/")
        resolved = posixpath.normpath(
            target.lstrip("/") if absolute else posixpath.join(posixpath.dirname(docname), target)
        )
        if resolved.removesuffix(".md") != old_doc:
            return written
        head, _, tail = target.rpartition("/")
        moved = posixpath.basename(new_doc) + (".md" if tail.endswith(".md") else "")
        return f"{head}/{moved}" if head or absolute else moved

    return with_targets(DOC_ROLE, text, swap)


def plan(srcdir: Path, settings: Settings, found: Sources, old: str, new: str) -> dict[Path, bytes | None]:
    """The files a rename writes (file -> new bytes; None: removed), checked for what can be said before trying it."""
    if not KEY.match(new):
        raise AuthoringError(f"'{new}' is not a BibTeX key (no spaces, commas, braces, quotes, '#', '%', '=')")
    by_hand = old not in found.papers and new in found.papers  # refs.bib renamed already
    if not by_hand and old not in found.papers:
        raise AuthoringError(f"{settings.bibfile}: no paper has the key '{old}'")
    if not by_hand and new.lower() in {key.lower() for key in found.entries}:
        raise AuthoringError(f"{settings.bibfile}: the key '{new}' is taken")
    papers = settings.papers_dir
    old_doc, new_doc = f"{papers}/{page_name(old)}", f"{papers}/{page_name(new)}"
    files: dict[Path, bytes | None] = {}
    bib = srcdir / settings.bibfile
    if not by_hand:
        try:
            files[bib] = set_key(bib.read_bytes().decode("utf-8-sig"), old, new).encode("utf-8")
        except EditError as exc:
            raise AuthoringError(f"{settings.bibfile}: {exc}") from None
    for page in found.pages:
        docname = page.shown.removesuffix(".md")
        text = renamed_keys(relinked(page.text, docname, old_doc, new_doc), old, new)
        if docname in (old_doc, new_doc):
            text = PAPER_LINE.sub(lambda m: m.group(1) + (new if m.group(2) == old else m.group(2)) + m.group(3), text)
        if docname == old_doc:
            files[page.path] = None
            files[srcdir / f"{new_doc}.md"] = text.encode("utf-8")
        elif text != page.text:
            files[page.path] = text.encode("utf-8")
    moves = read_redirects(srcdir)
    moves = {source: (new_doc if target == old_doc else target) for source, target in moves.items()}
    moves.pop(new_doc, None)  # a page moved back to where it was
    if old_doc != new_doc:
        moves[old_doc] = new_doc
    files[srcdir / REDIRECTS] = redirects_text(moves).encode("utf-8")
    return files


def rename(srcdir: Path, settings: Settings, old: str, new: str) -> list[str]:
    """Rename the key *old* to *new*; return what changed, for the researcher."""
    found = check_sources(srcdir, settings)  # its findings may be what the rename mends (a key renamed by hand)
    files = plan(srcdir, settings, found, old, new)
    with tempfile.TemporaryDirectory() as workdir:
        trial = Path(workdir) / "trial"
        copy_sources(srcdir, trial, found, settings)
        for path, content in files.items():
            target = trial / path.relative_to(srcdir)
            if content is None:
                target.unlink(missing_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
        after = check_sources(trial, settings)
    if after.findings:
        raise AuthoringError("renamed, the site would not pass the check; nothing was changed:\n"
                             + "\n".join(map(str, after.findings)))  # fmt: skip
    write_all(files)
    return sorted(str(path.relative_to(srcdir)) for path in files)


def write_all(files: dict[Path, bytes | None]) -> None:
    """Each file replaced atomically, removals last; on a failure every file is put back."""
    before = {path: path.read_bytes() if path.exists() else None for path in files}
    try:
        for path, content in sorted(files.items(), key=lambda item: item[1] is None):
            if content is None:
                path.unlink(missing_ok=True)
            else:
                atomic_write(path, content)
    except OSError as exc:
        for path, content in before.items():
            if content is None:
                path.unlink(missing_ok=True)
            else:
                atomic_write(path, content)
        raise AuthoringError(f"could not write {exc.filename}: {exc.strerror}; nothing was changed") from None
