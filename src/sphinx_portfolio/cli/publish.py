"""Where a build may publish, and how it replaces only what an earlier build made.

Every published folder holds a manifest, ``MANIFEST``, of the files the build wrote. When
the next build publishes there, the files the manifest names are replaced; every other file
(a host's ``CNAME``, a ``.nojekyll``, a file copied in by hand) is carried into the new site
as it is. A folder that holds files and no manifest was not made by a build: it is refused,
unless it is a Sphinx build (it has Sphinx's ``.buildinfo``), whose files are all Sphinx's.
The new site is swapped in by two renames, so a reader never sees half of it.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

MANIFEST = ".portfolio-manifest.json"
SPHINX_BUILDINFO = ".buildinfo"


class PublishError(Exception):
    """The build may not publish there; nothing was changed."""


def refuse_outdir(srcdir: Path, outdir: Path) -> None:
    """Refuse an output folder that is, holds, or lies among the site's sources."""
    outdir = outdir.resolve()
    if outdir == srcdir:
        raise PublishError(f"{outdir} is the site's source folder; build into another folder, e.g. _build/html")
    if outdir in srcdir.parents:
        raise PublishError(f"{outdir} holds the site's sources ({srcdir}); build into a folder of its own")
    if srcdir in outdir.parents:
        # a folder of pages on the way (papers/), or sources already inside it
        between = [folder for folder in [outdir, *outdir.parents] if srcdir in folder.parents]
        holding = [folder for folder in between if any(folder.glob("*.md"))]
        if holding or any(outdir.rglob("conf.py")):
            inside = (holding[-1] if holding else outdir).relative_to(srcdir)
            raise PublishError(f"{outdir} lies among the site's sources ({inside}/); build into _build/html")
    if outdir.exists() and not outdir.is_dir():
        raise PublishError(f"{outdir} is a file, not a folder; nothing was built")
    if outdir.is_dir():
        foreign_files(outdir)  # refuses a folder no build made


def written_files(folder: Path) -> set[str]:
    """Every file under *folder*, as a path from it."""
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def foreign_files(outdir: Path) -> set[str]:
    """The files in *outdir* no build wrote; refuses a non-empty folder no build made."""
    present = written_files(outdir)
    manifest = outdir / MANIFEST
    if manifest.is_file():
        try:
            made = set(json.loads(manifest.read_text("utf-8")))
        except (ValueError, TypeError) as exc:
            raise PublishError(f"{manifest} is not a list of files ({exc}); remove it to publish there") from None
        return present - made - {MANIFEST}
    if present and SPHINX_BUILDINFO not in present:
        example = sorted(present)[0]
        raise PublishError(
            f"{outdir} holds files no build made (e.g. {example}); build into an empty folder, or move them away"
        )
    return set()


def publish_folder(staging: Path, outdir: Path) -> None:
    """Make *staging* the site at *outdir*, keeping every file of *outdir* no build wrote."""
    made = written_files(staging)
    kept = foreign_files(outdir) if outdir.is_dir() else set()
    clashes = sorted(kept & made)
    if clashes:
        raise PublishError(
            f"{outdir / clashes[0]} was not written by a build, and the new site has a file of that name; "
            "move it away to publish"
        )
    for relative in sorted(kept):
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(outdir / relative, target, follow_symlinks=False)
    manifest = staging / MANIFEST
    manifest.write_text(json.dumps(sorted(made), indent=0), "utf-8")
    old = staging.with_name(staging.name + ".old")
    if outdir.is_dir():
        os.replace(outdir, old)
    os.replace(staging, outdir)
    shutil.rmtree(old, ignore_errors=True)
