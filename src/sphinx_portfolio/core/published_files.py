"""Files that pages publish: only from inside the site's folder, and never with active content.

Sphinx copies what a page's directives and roles name into the output (images and figures,
downloads) or reads it into the page (``{include}``, ``{literalinclude}``, ``:file:`` of
``{raw}`` and ``{csv-table}``), wherever the path leads: ``../../`` reaches files outside
the repository. And an SVG or HTML file is served from the site's own address, where a
script in it runs as the site's own. So every file a page names must lie inside the site's
folder (after following links), and every SVG or HTML file that a page names or that
``_static/`` holds must carry no script, event handler, ``javascript:`` link or embedded
document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path, PurePosixPath

from .sources import PageFile, parsed_lines

#: directives whose argument is a file (MyST: ```{name} path)
FILE_DIRECTIVE = re.compile(
    r"^\s*(?:`{3,}|~{3,}|:{3,})\s*\{(include|literalinclude|image|figure|raw|csv-table|download)\}\s*(\S*)"
)
#: an option that names a file (``:file: path``, as {raw} and {csv-table} take)
FILE_OPTION = re.compile(r"^\s*:file:\s*(\S+)")
#: a Markdown image, ![alt](path "title")
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
#: a role that publishes a file, {download}`path` or {download}`text <path>`
DOWNLOAD_ROLE = re.compile(r"\{download\}`(?:[^`<]*<)?([^`<>]+)>?`")
#: a target with a scheme (https://...): not a file
HAS_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
INSIDE_ONLY = "a page may read or publish only the site's own files"
#: file types that browsers run scripts in
ACTIVE_TYPES = (".svg", ".html", ".htm", ".xhtml")
#: what makes such a file active, in its text with entities decoded and lower-cased
ACTIVE_CONTENT = {
    "a script": re.compile(r"<\s*script"),
    "an event handler": re.compile(r"<[^>]*[\s\"'/]on[a-z]+\s*="),
    "a javascript: link": re.compile(r"j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:"),
    "an embedded document": re.compile(r"<\s*(?:iframe|embed|object)\b|data\s*:\s*text/html"),
}


#: anything that may name a file: pages without it are not read line by line
MAY_NAME_A_FILE = re.compile(r"\{(?:include|literalinclude|image|figure|raw|csv-table|download)\}|!\[")


def named_files(page: PageFile) -> Iterator[tuple[int, str]]:
    """(line, path) of every file the page's directives, options, images and roles name."""
    if not MAY_NAME_A_FILE.search(page.text):
        return
    in_file_directive = False
    for number, line in enumerate(page.text.split("\n"), start=1):
        found = FILE_DIRECTIVE.match(line)
        if found:
            in_file_directive = True
            if found.group(2):
                yield number, found.group(2)
            continue
        if in_file_directive and (option := FILE_OPTION.match(line)):
            yield number, option.group(1)
        elif not line.strip().startswith(":"):
            in_file_directive = False
    for number, line, _directive in parsed_lines(page.text):
        for pattern in (MARKDOWN_IMAGE, DOWNLOAD_ROLE):
            for target in pattern.findall(line):
                yield number, target.strip()


def resolved(srcdir: Path, page: PageFile, target: str) -> Path:
    """Where *target*, as the page names it, leads: from the site's folder if it starts with '/'."""
    if target.startswith("/"):
        return (srcdir / target.lstrip("/")).resolve()
    return (srcdir / PurePosixPath(page.shown).parent / target).resolve()


def active_content(path: Path) -> tuple[int, str] | None:
    """(line, what) of the first active content of an SVG or HTML file, or None."""
    try:
        text = unescape(path.read_text("utf-8", errors="replace")).lower()
    except OSError:
        return None
    found = [(match.start(), what) for what, pattern in ACTIVE_CONTENT.items() if (match := pattern.search(text))]
    if not found:
        return None
    at, what = min(found)
    return text.count("\n", 0, at) + 1, what


def file_problems(srcdir: Path, pages: list[PageFile]) -> Iterator[tuple[str, int, str]]:
    """(file, line, message) for each file a page names outside the site, and each active SVG or HTML file."""
    site = srcdir.resolve()
    checked: set[Path] = set()
    for page in pages:
        if page.problem:
            continue
        for number, target in named_files(page):
            if HAS_SCHEME.match(target):
                continue
            path = resolved(srcdir, page, target)
            if not path.is_relative_to(site):
                yield page.shown, number, f"names '{target}', which is outside the site's folder: {INSIDE_ONLY}"
            elif path.suffix.lower() in ACTIVE_TYPES and path.is_file():
                checked.add(path)
    static = srcdir / "_static"
    if static.is_dir():
        checked.update(path.resolve() for path in static.rglob("*") if path.suffix.lower() in ACTIVE_TYPES)
    for path in sorted(checked):
        found = active_content(path)
        if found is not None and path.is_relative_to(site):
            line, what = found
            message = f"holds {what}: a file served from the site's own address runs it as the site's; remove it"
            yield path.relative_to(site).as_posix(), line, message
