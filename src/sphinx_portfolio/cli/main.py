"""The ``portfolio`` command: ``portfolio COMMAND ...``; ``portfolio --help`` lists the commands."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import NamedTuple

from ..config import SettingsError
from . import build, commands, scaffold, serve


class Command(NamedTuple):
    run: Callable[[list[str]], int]
    summary: str


COMMANDS: dict[str, Command] = {
    "init": Command(scaffold.main, "make a new researcher's site from a BibTeX export"),
    "check": Command(commands.check, "check refs.bib, the pages and conf.py; print each problem with its place"),
    "build": Command(build.main, "check, then build the site into a folder, published only when clean"),
    "serve": Command(serve.main, "live preview at http://127.0.0.1:8000, rebuilt on every save"),
    "new-paper": Command(commands.new_paper, "add papers from a BibTeX export or an arXiv id, each with a page"),
    "new-news": Command(commands.new_news, "add a news item about a paper"),
    "cite-pages": Command(commands.cite_pages, "make paper pages of older sites cite their entry as new pages do"),
    "rename": Command(commands.rename, "rename a paper's key; its old address sends readers to the new one"),
    "sync": Command(commands.sync, "compare refs.bib with the researcher's arXiv listing; --add adds what it lacks"),
}


def overview() -> str:
    width = max(map(len, COMMANDS))
    lines = [f"  {name.ljust(width)}  {command.summary}" for name, command in COMMANDS.items()]
    return "\n".join(
        [
            "usage: portfolio COMMAND [options]",
            "",
            "A researcher's portfolio, built by Sphinx from one BibTeX file.",
            "",
            "commands:",
            *lines,
            "",
            "options:",
            "  -h, --help     show this list",
            "  -V, --version  show the version",
            "",
            "portfolio COMMAND --help shows a command's options and an example.",
        ]
    )


def main(argv: list[str]) -> int:
    if argv[:1] in (["--version"], ["-V"]):
        from .. import __version__

        print(f"sphinx-portfolio {__version__}")
        return 0
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(overview())
        return 0
    if argv[0] not in COMMANDS:
        print(f"portfolio: unknown command '{argv[0]}'\n\n{overview()}", file=sys.stderr)
        return 2
    try:
        return COMMANDS[argv[0]].run(argv[1:])
    except SettingsError as exc:  # conf.py cannot be read: its place, in one line
        print(f"portfolio {argv[0]}: {exc}", file=sys.stderr)
        return 2


def run() -> None:
    """The console script."""
    sys.exit(main(sys.argv[1:]))
