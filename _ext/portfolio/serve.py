"""Live preview: ``python -m portfolio serve [--port N]`` runs sphinx-autobuild.

It rebuilds on every save of a page, of refs.bib or of the extension, and reloads the
browser; the extension re-reads only the pages whose refs.bib entry changed.
"""

from __future__ import annotations

import argparse
import os
import sys

IGNORED = r"(^|/)(_build|\.nox|\.git|\.venv|tests|node_modules|__pycache__)(/|$)"


def command(srcdir: str, outdir: str, port: int, host: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "sphinx_autobuild",
        srcdir,
        outdir,
        "-n",
        "--watch",
        os.path.join(srcdir, "_ext"),
        "--re-ignore",
        IGNORED,
        "--port",
        str(port),
        "--host",
        host,
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="serve", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--srcdir", default=".")
    parser.add_argument("--outdir", default="_build/serve")
    args = parser.parse_args(argv)
    os.execv(sys.executable, command(args.srcdir, args.outdir, args.port, args.host))
    return 0  # not reached
