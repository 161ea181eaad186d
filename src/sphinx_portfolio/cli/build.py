"""Build the site into a fresh folder and publish it only when the build is clean.

``portfolio build SRCDIR OUTDIR [sphinx-build options]`` builds with a fresh
environment, nitpicky and warnings as errors. On success the new site replaces OUTDIR;
on any warning or error OUTDIR is removed, so a failed build never leaves an older site
looking current.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from sphinx.cmd.build import build_main

from .tuning import tune_garbage_collection

STRICT = ["-E", "-n", "-W", "--keep-going"]


def publish(srcdir: Path, outdir: Path, extra: list[str], builder: str = "html") -> int:
    staging = outdir.with_name(outdir.name + ".new")
    doctrees = outdir.with_name("doctrees")
    for folder in (staging, doctrees):
        shutil.rmtree(folder, ignore_errors=True)
    try:
        status = build_main([*STRICT, "-b", builder, "-d", str(doctrees), *extra, str(srcdir), str(staging)])
    except SystemExit as stop:  # the portfolio extension stops on bad sources
        if not isinstance(stop.code, int):
            print(stop.code, file=sys.stderr)
        status = stop.code if isinstance(stop.code, int) else 1
    shutil.rmtree(outdir, ignore_errors=True)
    if status != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(
            f"Build failed: nothing was published, and {outdir} was removed so that no "
            "older site looks current. README.md ('Build errors') explains each message.",
            file=sys.stderr,
        )
        return status
    staging.rename(outdir)
    print(f"Site built: open {outdir / 'index.html'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2:
        print("usage: portfolio build SRCDIR OUTDIR [sphinx-build options]", file=sys.stderr)
        return 2
    # this command owns its process, so it may tune the collector (an extension must not)
    tune_garbage_collection()
    return publish(Path(args[0]), Path(args[1]), args[2:])
