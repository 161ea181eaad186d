"""Live preview: ``portfolio serve [--port N]`` runs sphinx-autobuild.

It rebuilds on every save of a page, of refs.bib or of the extension, and reloads the
browser; the extension re-reads only the pages whose refs.bib entry changed. When a save
breaks the build, every page shows the build's messages (file and line) at its top, until
the next good save: Sphinx writes its warnings to a file inside the served folder
(``-w``), which the pages of a live build read (``portfolio_live_status``).
"""

from __future__ import annotations

import os
import sys

from .arguments import command_parser

IGNORED = r"(^|/)(_build|\.nox|\.git|\.venv|tests|node_modules|__pycache__)(/|$)"
#: where, inside the served folder, the last build's problems are written
PROBLEMS = "_portfolio/build-problems.txt"


def command(srcdir: str, outdir: str, port: int, host: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "sphinx_autobuild",
        srcdir,
        outdir,
        "-n",
        "-w",
        os.path.join(outdir, PROBLEMS),
        "-D",
        "portfolio_live_status=1",
        "--re-ignore",
        IGNORED,
        "--port",
        str(port),
        "--host",
        host,
        # the site's own extension code, where it has some
        *(["--watch", extension] if os.path.isdir(extension := os.path.join(srcdir, "_ext")) else []),
    ]


def main(argv: list[str]) -> int:
    parser = command_parser("serve", __doc__.splitlines()[0], "portfolio serve", "portfolio serve --port 8080")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--srcdir", default=".")
    parser.add_argument("--outdir", default="_build/serve")
    args = parser.parse_args(argv)
    os.makedirs(os.path.dirname(os.path.join(args.outdir, PROBLEMS)), exist_ok=True)
    os.execv(sys.executable, command(args.srcdir, args.outdir, args.port, args.host))  # never returns
