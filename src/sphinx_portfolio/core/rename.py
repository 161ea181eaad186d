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
from dataclasses import dataclass, field
from pathlib import Path

from .authoring import AuthoringError, copy_sources
from .check import Sources, check_sources
from .output import atomic_write
from .records import page_name
from .redirects import REDIRECTS, read_redirects, redirects_text
from .settings import Settings

#: what a key may be: what BibTeX reads as one
KEY = re.compile(r'^[^\s,{}()"#%\'=\\]+$')
#: roles that name keys: {paper}`key`, {cite}`a,b`, {footcite:t}`key`, ...
KEY_ROLE = re.compile(r"(\{(?:paper|(?:foot)?cite(?::[a-z]+)*)\}`)([^`]*)(`)")
DOC_ROLE = re.compile(r"(\{doc\}`(?:[^`<]*<)?)([^`<>]+)(>?`)")
PAPER_LINE = re.compile(r"^(paper:[ \t]*['\"]?)(.+?)(['\"]?[ \t]*)$", re.MULTILINE)


@dataclass
class Renaming:
    """What a rename writes: file -> new bytes (None: removed)."""

    files: dict[Path, bytes | None] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)


def renamed_keys(text: str, old: str, new: str) -> str:
    """*text* with every role that names *old* naming *new* (in lists of keys too)."""

    def swap(found: re.Match[str]) -> str:
        parts = re.split(r"(\s*,\s*)", found.group(2))
        return found.group(1) + "".join(new if part.strip() == old else part for part in parts) + found.group(3)

    return KEY_ROLE.sub(swap, text)


def relinked(text: str, docname: str, old_doc: str, new_doc: str) -> str:
    """*text* of page *docname* with each ``{doc}`` link to *old_doc* linking to *new_doc*, written alike."""

    def swap(found: re.Match[str]) -> str:
        target = found.group(2).strip()
        absolute = target.startswith("/")
        resolved = posixpath.normpath(
            target.lstrip("/") if absolute else posixpath.join(posixpath.dirname(docname), target)
        )
        if resolved.removesuffix(".md") != old_doc:
            return found.group(0)
        head, _, tail = target.rpartition("/")
        suffix = ".md" if tail.endswith(".md") else ""
        moved = posixpath.basename(new_doc) + suffix
        return found.group(1) + (f"{head}/{moved}" if head or absolute else moved) + found.group(3)

    return DOC_ROLE.sub(swap, text)


def bibfile_renamed(text: str, old: str, new: str, bibfile: str) -> str:
    pattern = re.compile(r"(@[ \t]*[A-Za-z]+[ \t\r\n]*[{(][ \t\r\n]*)" + re.escape(old) + r"([ \t\r\n]*,)")
    found = list(pattern.finditer(text))
    if len(found) != 1:
        raise AuthoringError(f"{bibfile}: entry '{old}' is {'not there' if not found else 'there more than once'}")
    return pattern.sub(lambda match: match.group(1) + new + match.group(2), text)


def plan(srcdir: Path, settings: Settings, found: Sources, old: str, new: str) -> Renaming:
    """The files a rename writes, checked for what can be said before trying it."""
    if not KEY.match(new):
        raise AuthoringError(f"'{new}' is not a BibTeX key (no spaces, commas, braces, quotes, '#', '%', '=')")
    by_hand = old not in found.papers and new in found.papers  # refs.bib renamed already
    if not by_hand and old not in found.papers:
        raise AuthoringError(f"{settings.bibfile}: no paper has the key '{old}'")
    if not by_hand and new.lower() in {key.lower() for key in found.entries}:
        raise AuthoringError(f"{settings.bibfile}: the key '{new}' is taken")
    papers = settings.papers_dir
    old_doc, new_doc = f"{papers}/{page_name(old)}", f"{papers}/{page_name(new)}"
    result = Renaming()
    bib = srcdir / settings.bibfile
    if not by_hand:
        text = bib.read_bytes().decode("utf-8-sig")
        result.files[bib] = bibfile_renamed(text, old, new, settings.bibfile).encode("utf-8")
    for page in found.pages:
        docname = page.shown.removesuffix(".md")
        text = renamed_keys(relinked(page.text, docname, old_doc, new_doc), old, new)
        if docname in (old_doc, new_doc):
            text = PAPER_LINE.sub(lambda m: m.group(1) + (new if m.group(2) == old else m.group(2)) + m.group(3), text)
        if docname == old_doc:
            result.files[page.path] = None
            result.files[srcdir / f"{new_doc}.md"] = text.encode("utf-8")
        elif text != page.text:
            result.files[page.path] = text.encode("utf-8")
    moves = read_redirects(srcdir)
    moves = {source: (new_doc if target == old_doc else target) for source, target in moves.items()}
    moves.pop(new_doc, None)  # a page moved back to where it was
    if old_doc != new_doc:
        moves[old_doc] = new_doc
    result.redirects = moves
    result.files[srcdir / REDIRECTS] = redirects_text(moves).encode("utf-8")
    return result


def rename(srcdir: Path, settings: Settings, old: str, new: str) -> list[str]:
    """Rename the key *old* to *new*; return what changed, for the researcher."""
    found = check_sources(srcdir, settings)  # its findings may be what the rename mends (a key renamed by hand)
    renaming = plan(srcdir, settings, found, old, new)
    with tempfile.TemporaryDirectory() as workdir:
        trial = Path(workdir) / "trial"
        copy_sources(srcdir, trial, found, settings)
        for path, content in renaming.files.items():
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
    write_all(renaming.files)
    return sorted(str(path.relative_to(srcdir)) for path in renaming.files)


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
