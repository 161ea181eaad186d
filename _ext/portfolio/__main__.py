"""Command line: ``python -m portfolio check [SRCDIR]`` or ``publish SRCDIR OUTDIR [options]``."""

from __future__ import annotations

import sys

from . import check, publish

COMMANDS = {"check": check.main, "publish": publish.main}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print("usage: python -m portfolio {" + ",".join(COMMANDS) + "} ...", file=sys.stderr)
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
