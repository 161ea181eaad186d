"""``portfolio build SRCDIR OUTDIR``: build into a scratch folder, publish only a clean build.

The build runs with a fresh environment, nitpicky and warnings as errors, into a scratch
folder beside OUTDIR (:mod:`.publish` says what may be replaced there). Sphinx's own progress
lines are shown with ``-v``; by default the command prints each problem and one line saying
what was built, where, and how long it took.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

from sphinx.cmd.build import build_main

from ..config import load_settings
from .arguments import command_parser
from .publish import PublishError, publish_folder, refuse_outdir
from .tuning import tune_garbage_collection

STRICT = ["-E", "-n", "-W", "--keep-going"]


def run_sphinx(srcdir: Path, staging: Path, doctrees: Path, extra: list[str], builder: str) -> int:
    try:
        return build_main([*STRICT, "-b", builder, "-d", str(doctrees), *extra, str(srcdir), str(staging)])
    except SystemExit as stop:  # the portfolio extension stops on bad sources
        if not isinstance(stop.code, int):
            print(stop.code, file=sys.stderr)
        return stop.code if isinstance(stop.code, int) else 1


def publish(srcdir: Path, outdir: Path, extra: list[str], builder: str = "html") -> int:
    """Build *srcdir* and, when the build is clean, make *outdir* the new site."""
    load_settings(srcdir)  # a conf.py Python cannot run is named in one line (SettingsError), before Sphinx
    srcdir, outdir = srcdir.resolve(), outdir.absolute()
    try:
        refuse_outdir(srcdir, outdir)
    except PublishError as exc:
        print(f"portfolio build: {exc}", file=sys.stderr)
        return 2
    outdir.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.", dir=outdir.parent))
    staging = scratch / outdir.name
    start = time.perf_counter()
    try:
        status = run_sphinx(srcdir, staging, scratch / "doctrees", extra, builder)
        if status != 0:
            print(
                f"Build failed: nothing was published; {outdir} is as it was. "
                "README.md ('Build errors') explains each message.",
                file=sys.stderr,
            )
            return status
        pages = sum(1 for _ in staging.rglob("*.html"))
        publish_folder(staging, outdir)
    except PublishError as exc:
        print(f"portfolio build: {exc}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"Built {pages} pages into {outdir} in {time.perf_counter() - start:.1f} s: open {outdir / 'index.html'}")
    return 0


def parser() -> argparse.ArgumentParser:
    found = command_parser(
        "build",
        "Check the sources, then build the site from scratch (warnings are errors) and publish it into OUTDIR "
        "only when the build is clean. Options it does not know are passed to sphinx-build.",
        "portfolio build . _build/html",
        "portfolio build . _build/html -v -j auto",
    )
    found.add_argument("srcdir", type=Path, help="the site's folder (where conf.py is)")
    found.add_argument("outdir", type=Path, help="where the site is published (a folder the build owns)")
    found.add_argument("-v", "--verbose", action="store_true", help="show Sphinx's progress lines too")
    return found


#: what sphinxext-opengraph prints when it is imported without matplotlib, though the portfolio
#: draws every card itself (sphinx-doc/sphinxext-opengraph#145 would let a site bring its own)
OPENGRAPH_NOTICE = "matplotlib is not installed, social cards will not be generated"


def import_opengraph_quietly() -> None:
    """Import sphinxext-opengraph with its import-time notice held back, and show anything else it prints."""
    printed = io.StringIO()
    # without the package, conf.py does not use it, or Sphinx says that it cannot load it
    with contextlib.redirect_stdout(printed), contextlib.suppress(ImportError):
        importlib.import_module("sphinxext.opengraph")
    rest = [line for line in printed.getvalue().splitlines() if line != OPENGRAPH_NOTICE]
    if rest:
        print("\n".join(rest))


def main(argv: list[str] | None = None) -> int:
    args, extra = parser().parse_known_args(list(sys.argv[1:] if argv is None else argv))
    # this command owns its process, so it may tune the collector (an extension must not)
    tune_garbage_collection()
    if not args.verbose:
        import_opengraph_quietly()
    quiet = [] if args.verbose or {"-q", "-Q"} & set(extra) else ["-q"]
    return publish(args.srcdir, args.outdir, [*quiet, *extra])
