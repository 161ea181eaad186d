#!/usr/bin/env python3
"""Print the changelog section of a release, after checking that the tag, the package and CHANGELOG.md agree.

``python tools/release_notes.py v1.2.0 [--dist dist]``: the tag must be ``v`` and the package's
version; CHANGELOG.md must have a ``## 1.2.0`` section; with ``--dist``, the wheel and sdist built
there must carry that version. The release workflow publishes nothing when this fails.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION = re.compile(r'^__version__ = "([^"]+)"$', re.MULTILINE)


def package_version(root: Path = ROOT) -> str:
    found = VERSION.search((root / "src" / "sphinx_portfolio" / "__init__.py").read_text("utf-8"))
    if not found:
        raise SystemExit("src/sphinx_portfolio/__init__.py has no __version__")
    return found.group(1)


def section(changelog: str, version: str) -> str | None:
    """The text under ``## VERSION`` up to the next ``## `` heading, or None."""
    found = re.search(rf"^## {re.escape(version)}[ \t]*\n(.*?)(?=^## |\Z)", changelog, re.MULTILINE | re.DOTALL)
    return found.group(1).strip() if found and found.group(1).strip() else None


def problems(tag: str, version: str, changelog: str, dist: Path | None) -> list[str]:
    found = []
    if tag != f"v{version}":
        found.append(f"tag {tag} is not v{version}, the version in src/sphinx_portfolio/__init__.py")
    if section(changelog, version) is None:
        found.append(f"CHANGELOG.md has no '## {version}' section with notes")
    if dist is not None:
        built = sorted(path.name for path in dist.iterdir() if path.suffix in (".whl", ".gz"))
        expected = {f"sphinx_portfolio-{version}-py3-none-any.whl", f"sphinx_portfolio-{version}.tar.gz"}
        if set(built) != expected:
            found.append(f"{dist} holds {built}, not {sorted(expected)}")
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tag", help="the release's tag, e.g. v1.2.0")
    parser.add_argument("--dist", type=Path, help="the folder the wheel and the sdist were built into")
    args = parser.parse_args(argv)
    version = package_version()
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    found = problems(args.tag, version, changelog, args.dist)
    for problem in found:
        print(f"release: {problem}", file=sys.stderr)
    if found:
        return 1
    print(section(changelog, version))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
