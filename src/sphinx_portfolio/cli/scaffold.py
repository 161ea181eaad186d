"""``portfolio init DIR --name "..." [--bib EXPORT.bib]``: a new researcher's site.

The site is made from ``template/`` beside this module: files ending in ``.jinja`` are
rendered, the others copied; a leading ``dot-`` in a name becomes ``.`` (so that packaging
tools keep the files). The papers of the export are then added exactly as ``portfolio
new-paper`` adds them, so ``refs.bib`` is in the site's conventions from the start.

Nothing is written to DIR until the whole site is made and passes the check: it is made in
a scratch folder beside DIR and renamed into place.
"""

from __future__ import annotations

import difflib
import html
import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from importlib.metadata import PackageNotFoundError, distribution
from importlib.resources import as_file, files
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import jinja2
from pybtex.database import Person

from .. import __version__
from ..config import load_settings
from ..core import latex
from ..core.authoring import MARKUP_CHARACTERS, AuthoringError, add_papers, people_named, written_name
from ..core.bibfile import BibSyntaxError, read_bibfile
from ..core.check import check_sources
from ..core.records import split_names
from .arguments import command_parser

#: where a site is previewed (``portfolio serve``): the address until the site has its own
LOCAL_URL = "http://127.0.0.1:8000/"
#: where a site made from a wheel keeps its copy of the engine
WHEELS = "wheels"
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class ScaffoldError(Exception):
    """A site that cannot be made; nothing was written."""


def self_name_of(name: str) -> str:
    """The name as refs.bib's author fields write it: "Last, First"."""
    person = Person(name)
    first = " ".join([*person.first_names, *person.middle_names])
    last = " ".join([*person.prelast_names, *person.last_names])
    return f"{last}, {first}" if first else last


def init(
    target: Path,
    name: str,
    bib: Path | None = None,
    url: str = LOCAL_URL,
    topic: str = "research",
    topic_title: str = "Research",
) -> list[str]:
    """Make the site in *target* (new, or an empty folder); return the keys of its papers."""
    target = target.expanduser().absolute()
    shown_bib, bib = bib, bib.expanduser().absolute() if bib is not None else None
    name = " ".join(name.split())
    if not name:
        raise ScaffoldError("--name is empty")
    if not SLUG.fullmatch(topic):
        raise ScaffoldError(f"--topic '{topic}' is not a slug (lower-case words joined by '-')")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(f"{target} exists and is not an empty folder; nothing was written")
    if bib is not None and not bib.is_file():
        raise ScaffoldError(f"{shown_bib}: no such file; nothing was written")
    values = {
        "name": name,
        "self_name": self_name_in(bib, name, shown_bib) if bib is not None else self_name_of(name),
        "initials": initials(name),
        "url": url if url.endswith("/") else url + "/",
        "version": __version__,
        "topic_title": " ".join(topic_title.split()) or topic,
        "wheel": "",
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        values["wheel"] = vendor_engine(staging)
        write_template(staging, values, topic)
        settings = load_settings(staging)
        keys = add_papers(staging, [str(bib)], settings) if bib is not None else []
        found = check_sources(staging, settings)
        if found.findings:  # the template itself is wrong: a bug, said plainly
            raise ScaffoldError("the new site does not pass the check:\n" + "\n".join(map(str, found.findings)))
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except AuthoringError as exc:
        raise ScaffoldError(f"{shown_bib}: {exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return keys


def self_name_in(bib: Path, name: str, shown: Path | None = None) -> str:
    """The researcher's name as the new refs.bib will write it: the export's spelling of *name*."""
    try:
        entries = read_bibfile(bib).entries
    except BibSyntaxError as exc:
        raise ScaffoldError(f"{exc}; nothing was written") from None
    written = [raw for entry in entries for raw in split_names(entry.get("author") or "")]
    people = list(dict.fromkeys(written))
    found = Counter(written_name(raw) for raw in written if raw in set(people_named(name, people)))
    if found:  # the spelling the export uses most (a person written two ways is the check's to report)
        return found.most_common(1)[0][0]
    spelled = [latex.to_plain(written_name(raw)) for raw in people]
    close = difflib.get_close_matches(self_name_of(name), spelled, n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(repr(spelling) for spelling in close)}?" if close else ""
    raise ScaffoldError(
        f"--name '{name}' is not an author of any entry in {shown or bib}{hint} "
        "(any spelling of the person works: 'Ada Lovelace', 'Lovelace, A.')"
    )


def initials(name: str) -> str:
    """Up to two initials for the favicon: of the first given name and of the last name."""
    person = Person(name)
    given = [*person.first_names, *person.middle_names][:1]
    words = [latex.to_plain(word) for word in [*given, *person.last_names[-1:]]]
    return "".join(word[0] for word in words if word).upper() or "?"


def vendor_engine(site: Path) -> str:
    """Copy the wheel this engine was installed from into *site*/wheels; return its name, or "".

    Until sphinx-portfolio is on a package index, a site made from a wheel installs the engine
    from its own copy (nox, CI and Read the Docs pass ``--find-links wheels``). An engine
    installed from an index needs no copy.
    """
    try:
        origin = json.loads(distribution("sphinx-portfolio").read_text("direct_url.json") or "null")
    except PackageNotFoundError:
        return ""
    url = urlsplit(origin["url"]) if isinstance(origin, dict) and "url" in origin else None
    if url is None or url.scheme != "file" or not url.path.endswith(".whl"):
        return ""
    wheel = Path(url2pathname(url.path))
    if not wheel.is_file():
        return ""
    (site / WHEELS).mkdir()
    shutil.copyfile(wheel, site / WHEELS / wheel.name)
    return wheel.name


def write_template(site: Path, values: dict[str, str], topic: str) -> None:
    environment = jinja2.Environment(keep_trailing_newline=True, undefined=jinja2.StrictUndefined, autoescape=False)
    # a Python string literal, and text that Markdown shows as it is
    environment.filters["pyrepr"] = lambda text: json.dumps(text, ensure_ascii=False)
    environment.filters["md"] = lambda text: MARKUP_CHARACTERS.sub(r"\\\1", text)
    environment.filters["xml"] = lambda text: html.escape(text, quote=True)
    markdown = {key: environment.filters["md"](value) for key, value in values.items()}
    with as_file(files(__package__) / "template") as template:
        for source in sorted(template.rglob("*")):
            if source.is_dir() or "__pycache__" in source.parts:
                continue
            relative = Path(*(re.sub(r"^dot-", ".", part) for part in source.relative_to(template).parts))
            if relative == Path("topics/topic.md.jinja"):
                relative = Path("topics", f"{topic}.md.jinja")
            target = site / relative.with_suffix("") if relative.suffix == ".jinja" else site / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if relative.suffix == ".jinja":
                text = environment.from_string(source.read_text("utf-8"))
                # Markdown pages get the values escaped; code (conf.py) gets them as literals
                target.write_text(text.render(markdown if target.suffix == ".md" else values), "utf-8")
            else:
                shutil.copyfile(source, target)
    (site / "refs.bib").write_text("", "utf-8")
    (site / ".ci" / "run").chmod(0o755)  # CI runs it; packaging does not keep modes


def main(argv: list[str]) -> int:
    parser = command_parser(
        "init",
        "Make a new researcher's portfolio site in DIRECTORY (new, or an empty folder).",
        'portfolio init ada-lovelace --name "Ada Lovelace" --bib scholar-export.bib',
        'portfolio init ~/sites/ada --name "Lovelace, Ada" --bib dblp.bib --url https://ada.example.org/',
    )
    parser.add_argument("directory", type=Path, help="where the site goes (new, or an empty folder)")
    parser.add_argument("--name", required=True, help="the researcher's name, in any spelling the export uses")
    parser.add_argument("--bib", type=Path, help="a BibTeX export (Google Scholar, DBLP, Zotero, arXiv, ...)")
    parser.add_argument("--url", help="the site's address (Read the Docs sets its own)")
    parser.add_argument("--topic", default="research", help="the first topic's slug (default: research)")
    parser.add_argument("--topic-title", default="Research", help="the first topic's title")
    args = parser.parse_args(argv)
    try:
        keys = init(args.directory, args.name, args.bib, args.url or LOCAL_URL, args.topic, args.topic_title)
    except ScaffoldError as exc:
        print(f"portfolio init: {exc}", file=sys.stderr)
        return 1
    print(f"made {args.directory}: {len(keys)} paper(s) in refs.bib, each with a page in papers/")
    print(f"the researcher, as refs.bib writes the name: {load_settings(args.directory).self_name}")
    if not args.url:
        print(
            f"warning: no --url given, so the site names {LOCAL_URL} as its address (canonical links, "
            "sitemap, link previews); set html_baseurl in conf.py to the published address "
            "(Read the Docs sets its own)",
            file=sys.stderr,
        )
    print(f"\nNext: cd {args.directory} && nox -s build   (README.md says the rest)")
    return 0
