"""Command line: ``python -m portfolio check|publish|serve|new-paper|new-news|sync ...``."""

from __future__ import annotations

import sys

from . import authoring, check, publish, serve, sync

COMMANDS = {
    "check": check.main,
    "publish": publish.main,
    "new-paper": authoring.main_new_paper,
    "new-news": authoring.main_new_news,
    "serve": serve.main,
    "sync": sync.main,
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print("usage: python -m portfolio {" + ",".join(COMMANDS) + "} ...", file=sys.stderr)
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
