"""The commands that read and edit a site's sources: check, new-paper, new-news, sync.

Each reads the site's settings as ``sphinx-build`` does (:mod:`sphinx_portfolio.config`),
calls the core, and prints one line per problem with its file and line.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ..config import load_settings
from ..core import arxiv
from ..core.authoring import AuthoringError, add_news, add_papers, migrate_paper_pages
from ..core.check import check_sources
from ..core.records import page_name
from ..core.rename import rename as rename_key
from ..core.settings import Settings
from ..core.sync import sync as sync_with_arxiv
from .arguments import command_parser


def check(argv: list[str]) -> int:
    """``portfolio check [SRCDIR]``: the source check alone (well under a second)."""
    parser = command_parser(
        "check",
        "Check refs.bib, the pages and conf.py without building; print each problem as file:line: message.",
        "portfolio check",
        "portfolio check path/to/site",
    )
    parser.add_argument("srcdir", nargs="?", default=".", type=Path, help="the site's folder (default: here)")
    srcdir = parser.parse_args(argv).srcdir.resolve()
    start = time.perf_counter()
    found = check_sources(srcdir, load_settings(srcdir))
    elapsed = time.perf_counter() - start
    for finding in found.findings:
        print(finding)
    for warning in found.warnings:
        print(f"{warning.path}:{warning.line}: warning: {warning.described}")
    if found.findings:
        print(
            f"{len(found.findings)} problem(s) found; nothing was built. "
            "README.md ('Build errors') says what each means.",
            file=sys.stderr,
        )
        return 1
    if found.warnings:
        print(
            f"{len(found.warnings)} warning(s): `portfolio build` stops on warnings too. "
            "README.md ('Build errors') says what each means.",
            file=sys.stderr,
        )
        return 1
    print(
        f"checked {len(found.entries)} entries, {len(found.papers)} paper pages and "
        f"{len(found.topics)} topics: no problems ({elapsed:.2f} s)"
    )
    return 0


def cite_pages(argv: list[str]) -> int:
    """``portfolio cite-pages [SRCDIR]``: paper pages of older sites cite their entry as new pages do."""
    parser = command_parser(
        "cite-pages",
        "Add to each paper page that lacks it the citation sphinxcontrib-bibtex pulls from refs.bib "
        "({footcite:t} and {footbibliography}); pages that have it are left as they are.",
        "portfolio cite-pages",
        "portfolio cite-pages path/to/site",
    )
    parser.add_argument("srcdir", nargs="?", default=".", type=Path, help="the site's folder (default: here)")
    srcdir = parser.parse_args(argv).srcdir.resolve()
    settings = load_settings(srcdir)
    found = check_sources(srcdir, settings)
    if found.findings:
        for finding in found.findings:
            print(finding)
        print(f"cite-pages: {len(found.findings)} problem(s) found; no page was changed", file=sys.stderr)
        return 1
    changed = migrate_paper_pages(srcdir, settings)
    for page in changed:
        print(f"cites its entry: {page.relative_to(srcdir).as_posix()}")
    print(f"{len(changed)} paper page(s) changed, {len(found.papers) - len(changed)} already cited their entry")
    return 0


def new_paper(argv: list[str]) -> int:
    parser = command_parser(
        "new-paper",
        "Add papers to refs.bib, in its conventions, and give each a page.",
        "portfolio new-paper scholar-export.bib",
        "portfolio new-paper arXiv:2406.19370",
    )
    parser.add_argument("sources", nargs="+", help="BibTeX files, or arXiv:YYMM.NNNNN")
    parser.add_argument("--srcdir", default=".", type=Path)
    args = parser.parse_args(argv)
    settings = load_settings(args.srcdir)
    try:
        keys = add_papers(args.srcdir, args.sources, settings)
    except AuthoringError as exc:
        print(f"new-paper: {exc}", file=sys.stderr)
        return 1
    for key in keys:
        print(f"added {key}: {settings.bibfile} and {settings.papers_dir}/{page_name(key)}.md")
    for key in not_the_researchers(args.srcdir, settings, keys):
        print(
            f"new-paper: warning: '{key}' names no author as {settings.self_name} (portfolio_self_name): the site "
            "lists the researcher's papers; check the export, or add the spelling it uses to portfolio_same_person",
            file=sys.stderr,
        )
    print(
        "\nNext, in refs.bib:\n"
        "- check 'topics' (guessed from the co-authors' papers) and the venue;\n"
        "- add 'tldr', 'code', 'award', 'equal_contribution' or 'selected = {true}' where they apply.\n"
        "Then preview with `nox -s serve`, or build with `nox -s build`."
    )
    return 0


def not_the_researchers(srcdir: Path, settings: Settings, keys: list[str]) -> list[str]:
    """The added papers none of whose authors is the researcher (a wrong export, or a new spelling)."""
    if not settings.self_name or not keys:
        return []
    papers = check_sources(srcdir, settings).papers
    return [key for key in keys if key in papers and not any(author.is_self for author in papers[key].authors)]


def new_news(argv: list[str]) -> int:
    parser = command_parser(
        "new-news",
        "Add a news item about a paper.",
        'portfolio new-news "Paper accepted at ICLR 2026." --paper doe2025sparse --date 2026-01',
    )
    parser.add_argument("text")
    parser.add_argument("--paper", required=True, help="the paper's BibTeX key")
    parser.add_argument("--date", help="YYYY-MM (default: this month)")
    parser.add_argument("--srcdir", default=".", type=Path)
    args = parser.parse_args(argv)
    try:
        target = add_news(args.srcdir, args.text, args.paper, args.date, load_settings(args.srcdir))
    except AuthoringError as exc:
        print(f"new-news: {exc}", file=sys.stderr)
        return 1
    print(f"added {target.relative_to(args.srcdir)}")
    return 0


def sync(argv: list[str]) -> int:
    parser = command_parser(
        "sync",
        "Compare refs.bib with the researcher's arXiv listing (portfolio_arxiv_query in conf.py).",
        "portfolio sync",
        "portfolio sync --add",
        "portfolio sync --abstracts",
    )
    parser.add_argument("--add", action="store_true", help="add the papers refs.bib lacks, as new-paper does")
    parser.add_argument(
        "--abstracts", action="store_true", help="fill missing or cut abstracts from arXiv, changing nothing else"
    )
    parser.add_argument("--page-size", type=int, default=arxiv.PAGE_SIZE, help="entries per API call")
    parser.add_argument("--srcdir", default=".", help="the site's folder")
    args = parser.parse_args(argv)
    srcdir = Path(args.srcdir)
    try:
        report = sync_with_arxiv(
            srcdir, load_settings(srcdir), arxiv.Client(), args.add, args.page_size, args.abstracts
        )
    except (arxiv.ArxivError, AuthoringError) as exc:
        print(f"sync: {exc}", file=sys.stderr)
        return 1
    print(report)
    return 0


def rename(argv: list[str]) -> int:
    parser = command_parser(
        "rename",
        "Rename a paper's key: refs.bib, its page, every reference, and a redirect from its old address.",
        "portfolio rename lovelace2024 lovelace2024engines",
    )
    parser.add_argument("old", help="the key as it is (or was, when refs.bib was changed by hand)")
    parser.add_argument("new", help="the new key")
    parser.add_argument("--srcdir", default=".", help="the site's folder")
    args = parser.parse_args(argv)
    srcdir = Path(args.srcdir)
    try:
        changed = rename_key(srcdir, load_settings(srcdir), args.old, args.new)
    except AuthoringError as exc:
        print(f"rename: {exc}", file=sys.stderr)
        return 1
    print(f"renamed {args.old} to {args.new}; changed:")
    print("\n".join(f"  {name}" for name in changed))
    return 0
