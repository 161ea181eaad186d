"""The ``portfolio_*`` settings of conf.py: declared once, here, with their defaults and types.

``setup()`` registers each as a Sphinx config value, and the ``portfolio`` command registers
the same ones when it reads conf.py through Sphinx's config loading
(:mod:`sphinx_portfolio.config`). A ``portfolio_*`` name in conf.py that is not declared here
is a mistake (a typo would otherwise be silently ignored), and so is a value of another type:
the check reports either at its line.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, fields
from typing import Any, Literal

PREFIX = "portfolio_"


#: settings of conf.py that are another extension's, read by the portfolio too: field -> conf.py name
FOREIGN = {"bibfiles": "bibtex_bibfiles"}
#: portfolio_* settings that are gone, and what to write instead
RETIRED = {
    "portfolio_bibfile": "bibtex_bibfiles (sphinxcontrib-bibtex's setting) names the BibTeX file",
    "portfolio_citation_style": "bibtex_default_style (sphinxcontrib-bibtex's setting) is the style of every citation",
}


@dataclass
class Settings:
    #: the BibTeX file every bibliographic fact comes from: sphinxcontrib-bibtex's ``bibtex_bibfiles``,
    #: the one setting that names it
    bibfiles: list[str] = field(default_factory=lambda: ["refs.bib"])
    #: the researcher's name, as in refs.bib's author fields (any spelling pybtex reads as the same person)
    self_name: str = ""
    papers_dir: str = "papers"
    news_dir: str = "news"
    topics_dir: str = "topics"
    #: spellings of one person, each a list of names as refs.bib writes them, e.g.
    #: [["Chen, Wei", "Chen, W. Q."]]: one person on the co-authors page (named as their newest
    #: paper writes them), in related papers and in counts; each paper keeps its own spelling
    same_person: list[list[str]] = field(default_factory=list)
    #: near names that are two people, e.g. [["Chen, Wei", "Chen, Wei Q."]]: no warning that they look alike
    different_people: list[list[str]] = field(default_factory=list)
    #: how long a build waits for another build into the same folders to end, in seconds
    build_wait: int = 600
    #: how many related papers a paper page lists
    related_count: int = 5
    #: how many news items the home page lists
    latest_news: int = 5
    #: schema.org Person facts for the home page's JSON-LD
    person: dict[str, object] = field(default_factory=dict)
    #: hosts whose https iframes (video players) pages may embed, e.g. ["www.youtube-nocookie.com"]
    embed_hosts: list[str] = field(default_factory=list)
    #: set by the live preview: pages show the last build's problems in the browser
    live_status: bool = False
    #: the arXiv API's query for the researcher's listing (``nox -s sync``), e.g. 'au:"Lovelace, Ada"'
    arxiv_query: str = ""
    #: where what a build makes and can reuse is kept between builds, clean ones too (the link-preview
    #: cards, each under a name made from its words): a folder, from the site's folder
    cache_dir: str = "_build/.portfolio-cache"
    #: the researcher's photo on the home page: a PNG, JPEG or WebP file, from the site's folder
    #: (e.g. "_static/photo.jpg"); none when empty
    photo: str = ""

    # Workarounds for upstream behaviour, each off unless conf.py turns it on; each names its
    # upstream issue, and a test fails when the upstream code it relies on changes.

    #: drop the aria-controls that sphinx-design 0.8 writes on tab labels, which the HTML
    #: standard does not allow on a label of an input (executablebooks/sphinx-design#283)
    valid_tab_labels: bool = False
    #: write pages in as many processes as ``-j`` asks for, not one fewer (Sphinx's private
    #: ``_write_parallel``; sphinx-doc/sphinx#12808)
    parallel_writers: bool = False
    #: parallel readers send back no copy of the parsed refs.bib, which the main process
    #: already has (a pickling hook on sphinxcontrib-bibtex's ``BibData``; sphinx-doc/sphinx#11448)
    lean_parallel_reads: bool = False
    #: sitemap.xml lists every page after an incremental build too (sphinx-sitemap's
    #: ``app.sitemap_links`` queue; jdillard/sphinx-sitemap#13)
    complete_sitemap: bool = False
    #: pybtex finds the citation style, and the styles and backends it uses, without scanning every
    #: installed package's metadata at each lookup, which sphinxcontrib-bibtex makes for every
    #: ``{footcite}`` (pybtex's ``find_plugin`` asks ``importlib.metadata``, which keeps no cache;
    #: python/importlib_metadata#274)
    quick_pybtex_lookup: bool = False

    @property
    def folders(self) -> tuple[str, str, str]:
        return (self.papers_dir, self.news_dir, self.topics_dir)

    @property
    def bibfile(self) -> str:
        """The BibTeX file (the check refuses a ``bibtex_bibfiles`` that names no file, or several)."""
        return self.bibfiles[0] if len(self.bibfiles) == 1 and isinstance(self.bibfiles[0], str) else "refs.bib"


def conf_name(name: str) -> str:
    """The name in conf.py of the Settings field *name*."""
    return FOREIGN.get(name, PREFIX + name)


#: when Sphinx must rebuild after a setting changes: "env" re-reads pages, "html" rewrites them
#: Sphinx's values for ``rebuild`` that settings use
Rebuild = Literal["", "env", "html"]
REBUILD: dict[str, Rebuild] = {
    "person": "html",
    "embed_hosts": "html",
    "live_status": "html",
    "valid_tab_labels": "html",
    "quick_pybtex_lookup": "",
    "parallel_writers": "",
    "lean_parallel_reads": "",
    "complete_sitemap": "",
    "arxiv_query": "html",
    "cache_dir": "",
    "build_wait": "",
}


def declared() -> list[tuple[str, object, Rebuild, type]]:
    """(config name, default, rebuild, type) of every setting, for ``app.add_config_value``."""
    defaults = Settings()
    found: list[tuple[str, object, Rebuild, type]] = []
    for item in fields(Settings):
        if item.name in FOREIGN:
            continue  # the other extension declares it
        value = getattr(defaults, item.name)
        found.append((PREFIX + item.name, value, REBUILD.get(item.name, "env"), type(value)))
    return found


@dataclass(frozen=True)
class ConfProblem:
    line: int
    message: str


def assignments(conf_text: str) -> list[tuple[str, int]]:
    """(name, line) of every top-level assignment in conf.py."""
    try:
        tree = ast.parse(conf_text)
    except SyntaxError:
        return []  # Sphinx reports a broken conf.py itself
    found = []
    for node in tree.body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        found += [(target.id, node.lineno) for target in targets if isinstance(target, ast.Name)]
    return found


def unknown_settings(conf_text: str) -> list[ConfProblem]:
    """Every top-level ``portfolio_*`` assignment in conf.py that names no setting."""
    known = {PREFIX + item.name for item in fields(Settings) if item.name not in FOREIGN}
    problems = []
    for name, line in assignments(conf_text):
        if name in RETIRED:
            problems.append(ConfProblem(line, f"'{name}' is no longer read: {RETIRED[name]}; remove this line"))
        elif name.startswith(PREFIX) and name not in known:
            close = min(sorted(known), key=lambda other: _distance(other, name))
            problems.append(ConfProblem(line, f"unknown setting '{name}' (did you mean '{close}'?)"))
    return problems


def setting_line(conf_text: str, name: str) -> int:
    """The line of conf.py that sets the Settings field *name* (1 when it is not set there)."""
    return next((line for found, line in assignments(conf_text) if found == conf_name(name)), 1)


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def type_problems(settings: Settings) -> list[tuple[str, str]]:
    """(setting, problem) for each setting whose value is not of its declared type."""
    defaults = Settings()
    found = []
    for item in fields(Settings):
        value, default = getattr(settings, item.name), getattr(defaults, item.name)
        if not isinstance(value, type(default)) or (isinstance(value, bool) and not isinstance(default, bool)):
            wanted = type(default).__name__
            found.append(
                (item.name, f"{conf_name(item.name)} must be {wanted}, not {type(value).__name__}: {value!r:.40}")
            )
    if not found and (len(settings.bibfiles) != 1 or not isinstance(settings.bibfiles[0], str)):
        found.append(
            ("bibfiles", f"bibtex_bibfiles must name one BibTeX file, as ['refs.bib'], not {settings.bibfiles!r:.60}")
        )
    return found


def from_config(config: Any) -> Settings:  # a sphinx.config.Config: no Sphinx import in the core
    """The settings of a Sphinx build, or of a conf.py read by the command line."""
    return Settings(**{item.name: getattr(config, conf_name(item.name)) for item in fields(Settings)})
