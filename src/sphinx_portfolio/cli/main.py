"""The ``portfolio`` command: ``portfolio {check,build,serve,new-paper,new-news,sync,init} ...``."""

from __future__ import annotations

import sys
from collections.abc import Callable

from . import build, commands, scaffold, serve

COMMANDS: dict[str, Callable[[list[str]], int]] = {
    "check": commands.check,
    "build": build.main,
    "serve": serve.main,
    "new-paper": commands.new_paper,
    "new-news": commands.new_news,
    "sync": commands.sync,
    "init": scaffold.main,
}


def main(argv: list[str]) -> int:
    if argv[:1] in (["--version"], ["-V"]):
        from .. import __version__

        print(f"sphinx-portfolio {__version__}")
        return 0
    if not argv or argv[0] not in COMMANDS:
        print("usage: portfolio {" + ",".join(COMMANDS) + "} ... (portfolio COMMAND --help)", file=sys.stderr)
        return 2
    return COMMANDS[argv[0]](argv[1:])


def run() -> None:
    """The console script."""
    sys.exit(main(sys.argv[1:]))
