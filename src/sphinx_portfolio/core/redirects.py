"""The site's moved pages: ``redirects.json``, which ``portfolio rename`` writes beside conf.py.

It maps each old page to the page it moved to, as docnames (``{"papers/old": "papers/new"}``);
every build writes a page at each old address that sends readers to the new one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

REDIRECTS = "redirects.json"
#: what an old page may be: a path inside the site, in the characters page names use
DOCNAME = re.compile(r"^(?!.*(?:^|/)\.\.?(?:/|$))[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*$")


def read_redirects(srcdir: Path) -> dict[str, str]:
    """The moves recorded so far (nothing when the file is missing or not what rename writes)."""
    try:
        data = json.loads((srcdir / REDIRECTS).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(old): str(new) for old, new in data.items()}


def redirects_text(redirects: dict[str, str]) -> str:
    return json.dumps(dict(sorted(redirects.items())), ensure_ascii=False, indent=2) + "\n"


def redirect_problems(srcdir: Path, pages: Iterable[str]) -> list[tuple[int, str]]:
    """(line, message) of each problem of ``redirects.json``, given the site's pages (docnames)."""
    path = srcdir / REDIRECTS
    if not path.is_file():
        return []
    text = path.read_text("utf-8", errors="replace")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [(exc.lineno, f"not valid JSON ({exc.msg}); portfolio rename writes this file")]
    shape = 'must map each old page to its new one, e.g. {"papers/old": "papers/new"}'
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        return [(1, shape)]
    known = set(pages)
    problems = []
    for old, new in data.items():
        line = next((n for n, row in enumerate(text.splitlines(), 1) if json.dumps(old) in row), 1)
        if not DOCNAME.match(old):
            problems.append((line, f"'{old}' is not a page name inside the site ({shape})"))
        elif old in known:
            problems.append((line, f"'{old}' is a page of the site: a page that moved cannot be one too"))
        elif new not in known:
            problems.append((line, f"'{new}', where '{old}' moved, is not a page of the site"))
    return problems
