"""What is a page: one rule, shared by ``conf.py`` (through the extension), the check and the preview.

A page is a Markdown file whose name starts with a lower-case letter or a digit, either at the
top of the source folder or directly inside one of the portfolio's folders (papers, news,
topics). Everything else is not a page: README.md and other upper-case repository documents,
anything in a subfolder (``papers/old/``), caches, virtual environments, build output and
backups (``x.md~``, ``x.md.orig``). The rule is a handful of glob patterns, so Sphinx applies
it as ``include_patterns`` and no list of exceptions has to keep up with the tools a
researcher happens to run.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

#: a page's name: it becomes its URL, so lower case (upper case marks repository documents)
PAGE_NAME = "[a-z0-9]*.md"
#: the same rule, for paper pages and news items: their name is a BibTeX key or a date,
#: which may have capitals (Zotero keys do)
ITEM_NAME = "[A-Za-z0-9]*.md"


#: no page is deeper than a folder's file: Sphinx need not walk below that (and so never walks
#: virtual environments, node_modules or build output, which it would otherwise list whole)
TOO_DEEP = "*/*/*"


def page_patterns(folders: Iterable[str]) -> list[str]:
    """Sphinx ``include_patterns``: top-level pages and the pages directly in each folder."""
    return [PAGE_NAME, *(f"{folder.strip('/')}/{ITEM_NAME}" for folder in folders)]


@dataclass(frozen=True)
class PageFile:
    path: Path
    shown: str  # relative to the source folder, with '/'
    text: str = ""  # the page's text, without a byte-order mark (read once)
    problem: str | None = None  # why it cannot be read as a page


def is_page(relative: str, folders: Iterable[str]) -> bool:
    """Whether a path relative to the source folder (with '/') is a page by the rule."""
    return any(_matches(relative, pattern) for pattern in page_patterns(folders))


def _matches(relative: str, pattern: str) -> bool:
    # fnmatch's '*' crosses '/', Sphinx's does not: compare part by part
    parts, wanted = relative.split("/"), pattern.split("/")
    return len(parts) == len(wanted) and all(fnmatch.fnmatchcase(p, w) for p, w in zip(parts, wanted, strict=True))


def page_files(srcdir: Path, folders: Iterable[str]) -> Iterator[PageFile]:
    """Every page by the rule, in a fixed order, each with the reason it cannot be read, if any."""
    folders = list(folders)
    patterns = page_patterns(folders)
    for place in [srcdir, *(srcdir / folder for folder in folders)]:
        if not place.is_dir():
            continue
        for path in sorted(place.iterdir()):
            shown = path.relative_to(srcdir).as_posix()
            if any(_matches(shown, pattern) for pattern in patterns):
                yield _read(path, shown)


def _read(path: Path, shown: str) -> PageFile:
    """The page at *path*, or why it cannot be one."""
    if path.is_symlink():
        target = path.readlink()
        if not path.exists():
            return PageFile(
                path, shown, problem=f"is a symbolic link to {target}, which does not exist; a page must be a file"
            )
        return PageFile(
            path,
            shown,
            problem=f"is a symbolic link (to {target}); a page must be a file of its own, not a copy of another",
        )
    if path.is_dir():
        return PageFile(path, shown, problem="is a folder; a page must be a Markdown file (rename the folder)")
    if not path.is_file():
        return PageFile(path, shown, problem="is not a regular file")
    data = path.read_bytes()
    try:
        return PageFile(path, shown, data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return PageFile(
            path, shown, problem=f"line {line}: not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        )


LINE_IN_PROBLEM = re.compile(r"^line (\d+): ")


def problem_line(problem: str) -> tuple[int, str]:
    """(line, message) of a page problem: the line where it is, else 1."""
    found = LINE_IN_PROBLEM.match(problem)
    return (int(found.group(1)), problem[found.end() :]) if found else (1, problem)


#: sphinxcontrib-bibtex's footnote citation in MyST ({footcite}, {footcite:t}, ...) and its keys
FOOTCITE = re.compile(r"\{footcite(?::[a-z]+)?\}`([^`]*)`")
#: a directive that lists entries of the BibTeX file ({bibliography}), in MyST
BIBLIOGRAPHY_DIRECTIVE = re.compile(r"^\s*(?:`{3,}|:{3,}|~{3,})\{bibliography\}", re.MULTILINE)


#: a role that cites entries of the BibTeX file ({cite}, {cite:p}, {footcite:t}, ...) and its keys
CITE = re.compile(r"\{(?:foot)?cite(?::[a-z]+)*\}`([^`]*)`")
#: a role that links a page ({doc}), its target alone or "title <target>"
DOC_ROLE = re.compile(r"\{doc\}`(?:[^`<]*<)?([^`<>]+)>?`")
#: a fence that opens or closes a block, and what follows it ("{toctree}", "python", ...)
FENCE_LINE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(\S*)")


def parsed_lines(text: str) -> Iterator[tuple[int, str, str | None]]:
    """(number, line, directive) of each line Markdown reads as text or a directive's content:
    code blocks are skipped; *directive* names the block a line is in ("toctree"), if any."""
    fence: str | None = None
    directive: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        found = FENCE_LINE.match(line)
        if found and fence is None:
            fence, info = found.group(1), found.group(2)
            directive = info[1:-1] if info.startswith("{") and info.endswith("}") else None
            if directive is None and not found.group(1).startswith(":"):
                directive = "code"
            continue
        if found and fence is not None and found.group(1) == fence and not found.group(2):
            fence, directive = None, None
            continue
        if directive != "code":
            yield number, line, directive


def cited_keys(text: str) -> Iterator[tuple[int, str]]:
    """(line, key) of every key a page cites with ``{cite}`` or ``{footcite}`` roles."""
    for number, line, _directive in parsed_lines(text):
        for found in CITE.findall(line):
            for key in found.split(","):
                if key.strip():
                    yield number, key.strip()


def linked_documents(text: str) -> Iterator[tuple[int, str]]:
    """(line, target) of every document a page names: toctree entries and ``{doc}`` roles."""
    for number, line, directive in parsed_lines(text):
        entry = line.strip()
        if directive == "toctree" and entry and not entry.startswith(":"):
            target = entry[entry.rindex("<") + 1 : -1] if entry.endswith(">") and "<" in entry else entry
            if not target.startswith(("http://", "https://")) and target != "self":
                yield number, target
        for target in DOC_ROLE.findall(line):
            yield number, target.strip()


def footcited_keys(text: str) -> set[str]:
    """The keys a page's Markdown cites with ``{footcite}``."""
    return {key.strip() for found in FOOTCITE.findall(text) for key in found.split(",") if key.strip()}
