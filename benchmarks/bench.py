"""Benchmark the portfolio build against the same pages as plain MyST.

``nox -s bench`` runs it and writes BENCHMARKS.md. It generates synthetic portfolios
(N papers with 5-15 authors, accented names, ~150-word abstracts, news items), builds each
with the project's machinery and as a plain-MyST twin (the same pages typed out, no
bibliography machinery, no extension), and reports medians and ratios; then counts the
files rewritten by incremental edits, measures page weight, and runs Lighthouse when it is
installed. A benchmark, not a test: it asserts nothing and takes minutes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sphinx_portfolio.config import load_settings
from sphinx_portfolio.core import citations
from sphinx_portfolio.core.authoring import paper_page_source
from sphinx_portfolio.core.check import check_sources
from sphinx_portfolio.core.latex import to_plain

ROOT = Path(__file__).resolve().parent.parent

FIRST = [
    "Ada",
    "Mario",
    "Seán",
    "Tim",
    "Valérie",
    "Raphaël",
    "Jürgen",
    "Noémie",
    "Zoë",
    "Kento",
    "Maya",
    "Hidenori",
    "Eric",
    "Puja",
    "Daniel",
    "Thomas",
    "Usha",
    "Atticus",
    "Jack",
    "Owen",
]
LAST = [
    "Günther",
    "Ó hÉigeartaigh",
    "Rocktäschel",
    "de Haan",
    "Müller",
    "Pérez",
    "Okawa",
    "Tanaka",
    "Bigelow",
    "Trivedi",
    "Wurgaft",
    "Fel",
    "Bhalla",
    "Geiger",
    "Merullo",
    "Lewis",
    "Nishi",
    "Ramesh",
    "Khona",
    "Krueger",
    "Schölkopf",
    "Chávez",
    "Núñez",
    "Dick",
]
ACCENTS = {
    "é": "{\\'e}",
    "ü": '{\\"u}',
    "ä": '{\\"a}',
    "ö": '{\\"o}',
    "ë": '{\\"e}',
    "Ó": "{\\'O}",
    "É": "{\\'E}",
    "á": "{\\'a}",
    "ñ": "{\\~n}",
    "ú": "{\\'u}",
}
WORD_TEXT = (
    "model learning dynamics representation emergence transformer sparse autoencoder feature "
    "concept training data loss landscape network pruning gradient flow capability synthetic "
    "task compositional generalization interpretability probe steering belief geometry manifold "
    "attention circuit mechanism phase transition scaling law language vision safety alignment"
)
WORDS = WORD_TEXT.split()
TOPICS = [
    "emergence",
    "interpretability",
    "in-context-learning",
    "sparse-autoencoders",
    "safety",
    "loss-landscapes",
    "self-supervised",
    "pruning",
    "federated-continual",
    "machine-vision",
]
SELF = "Lubana, Ekdeep Singh"


def latex(text: str) -> str:
    return "".join(ACCENTS.get(char, char) for char in text)


def synthetic_entries(count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    people = [f"{last}, {first}" for first in FIRST for last in LAST]
    entries = []
    for index in range(count):
        year = 2026 - index * 12 // max(count, 1)
        authors = rng.sample(people, rng.randint(4, 14))
        authors.insert(rng.randrange(len(authors) + 1), SELF)
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 11))).capitalize() + f" {index}"
        abstract = " ".join(rng.choice(WORDS) for _ in range(150)).capitalize() + "."
        kind = rng.choice(["inproceedings", "article", "misc"])
        venue = {
            "inproceedings": "  booktitle = {International Conference on Learning Representations (ICLR)},\n",
            "article": "  journal = {Transactions on Machine Learning Research (TMLR)},\n",
            "misc": "",
        }[kind]
        entries.append(
            f"@{kind}{{paper{index:05d},\n  title = {{{title}}},\n"
            f"  author = {{{latex(' and '.join(authors))}}},\n{venue}  year = {{{year}}},\n"
            f"  eprint = {{{2000 + index // 10000:04d}.{index % 100000:05d}}},\n  archiveprefix = {{arXiv}},\n"
            f"  topics = {{{', '.join(rng.sample(TOPICS, rng.randint(1, 3)))}}},\n"
            f"  tldr = {{{abstract[:140]}}},\n  abstract_opening = {{{abstract}}},\n"
            + ("  selected = {true},\n" if index % 25 == 0 else "")
            + "}\n"
        )
    return entries


SITE_FILES = [
    "conf.py",
    "index.md",
    "coauthors.md",
    "statistics.md",
    "papers/index.md",
    "news/index.md",
    "topics",
    "_static",
]


def make_portfolio(target: Path, count: int) -> None:
    """A portfolio of *count* synthetic papers with the site's own pages and extension."""
    target.mkdir(parents=True)
    for name in SITE_FILES:
        source = ROOT / name
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target / name)
    entries = synthetic_entries(count)
    (target / "refs.bib").write_text("\n".join(entries), "utf-8")
    for index in range(count):
        (target / "papers" / f"paper{index:05d}.md").write_text(paper_page_source(f"paper{index:05d}"))
    for index in range(0, count, 5):
        year, month = 2026 - index * 12 // count, index % 12 + 1
        (target / "news" / f"{year}-{month:02d}-paper{index:05d}.md").write_text(
            f"---\ndate: {year}-{month:02d}\n---\n\n# Paper {index} accepted.\n\nPaper: {{paper}}`paper{index:05d}`\n"
        )


def entry_markdown(paper, prefix: str = "") -> list[str]:
    """A paper as the lists show it: title link, authors, venue, links."""
    authors = ", ".join(f"**{a.name}**" if a.is_self else a.name for a in paper.authors)
    links = " ".join(f"[{label}]({url})" for label, url in (("arXiv", paper.arxiv_url), ("PDF", paper.pdf_url)) if url)
    return [f"- [{paper.title}]({prefix}{paper.key}.md)", f"  {authors}", f"  *{paper.venue_label}* {links}", ""]


def make_plain_twin(portfolio: Path, target: Path) -> None:
    """The same pages as plain MyST: every list typed out, no extension, no bibliography."""
    from collections import Counter, defaultdict

    from sphinx_portfolio.core.records import by_recency
    from sphinx_portfolio.integration.lists import related_index

    found = check_sources(portfolio, load_settings(portfolio))
    papers = found.papers
    ordered = by_recency(papers.values())
    related = related_index(papers, 5)
    news = []
    for item in sorted((portfolio / "news").glob("*.md"), reverse=True):
        if item.stem != "index":
            text = item.read_text()
            key = re.search(r"\{paper\}`([^`]+)`", text).group(1)
            news.append((item.stem, text.split("\n# ", 1)[1].split("\n", 1)[0], key))
    target.mkdir(parents=True)
    shutil.copytree(ROOT / "_static", target / "_static")
    conf = (ROOT / "conf.py").read_text()
    conf = re.sub(
        r"^extensions = \[.*?\]",
        'extensions = ["myst_parser", "sphinx_design", "sphinx_copybutton"]',
        conf,
        flags=re.S | re.M,
    )
    (target / "conf.py").write_text(conf)

    def write(name: str, lines: list[str]) -> None:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_text("\n".join(lines) + "\n")

    home = (portfolio / "index.md").read_text()
    latest = [f"- {stem[:7]} [{text}](news/{stem}.md)" for stem, text, _ in news[:5]]
    selected = [line for p in ordered if p.selected for line in entry_markdown(p, "papers/")]
    home = home.replace("```{latest-news}\n```", "\n".join(latest))
    write("index.md", [home.replace("```{selected-publications}\n```", "\n".join(selected))])
    lines = ["# Publications", ""]
    for year in sorted({p.year for p in ordered}, reverse=True):
        lines += [f"## {year}", ""] + [line for p in ordered if p.year == year for line in entry_markdown(p)]
    write("papers/index.md", lines)
    for key, paper in papers.items():
        authors = ", ".join(a.name for a in paper.authors)
        body = [
            f"---\norphan: true\n---\n# {paper.title}",
            "",
            authors,
            "",
            paper.venue_label,
            "",
            entry_markdown(paper)[2],
            "",
            "## TL;DR",
            "",
            paper.tldr or "",
            "",
            "## Abstract",
            "",
            to_plain(paper.abstract_opening_latex or ""),
            "",
            "## Related papers",
            "",
        ]
        body += [f"- [{papers[other].title}]({other}.md) ({papers[other].venue_label})" for other in related[key]]
        mentions = [f"- [{text}](../news/{stem}.md)" for stem, text, about in news if about == key]
        if mentions:
            body += ["", "## In the news", "", *mentions]
        body += ["", "## Cite", "", f"```bibtex\n{citations.bibtex(paper)}```"]
        write(f"papers/{key}.md", body)
    write(
        "news/index.md",
        ["# News", ""]
        + [
            f"- {stem[:7]} [{text}]({stem}.md) Paper: [{papers[key].title}](../papers/{key}.md)"
            for stem, text, key in news
        ],
    )
    for stem, text, key in news:
        write(
            f"news/{stem}.md",
            [
                "---\norphan: true\n---",
                "",
                f"# {text}",
                "",
                stem[:7],
                "",
                f"Paper: [{papers[key].title}](../papers/{key}.md)",
            ],
        )
    topics = (portfolio / "topics" / "index.md").read_text().replace("```{topics-list}\n```", "")
    write("topics/index.md", [topics])
    for slug, title in found.topics.items():
        write(
            f"topics/{slug}.md",
            [f"# {title}", ""]
            + [line for p in ordered if slug in p.topics for line in entry_markdown(p, "../papers/")],
        )
    shared = defaultdict(list)
    for paper in ordered:
        for author in paper.authors:
            if not author.is_self:
                shared[author.name].append(paper)
    lines = ["# Co-authors", ""]
    for name, their in sorted(shared.items(), key=lambda item: -len(item[1])):
        lines += [f"- **{name}** — {len(their)} papers", ""]
        lines += [f"  - [{p.title}](papers/{p.key}.md) ({p.year})" for p in their] + [""]
    write("coauthors.md", lines)
    per_year = Counter(p.year for p in ordered)
    write(
        "statistics.md",
        [
            "# Statistics",
            "",
            "| Year | Papers |",
            "| --- | --- |",
            *[f"| {year} | {count} |" for year, count in sorted(per_year.items(), reverse=True)],
        ],
    )


#: sphinx-build as `portfolio build` runs it: in a process whose collector it has tuned
TUNED_SPHINX = (
    "import sys; from sphinx_portfolio.cli.tuning import tune_garbage_collection; tune_garbage_collection(); "
    "from sphinx.cmd.build import main; sys.exit(main(sys.argv[1:]))"
)


def sphinx_build(source: Path, out: Path, jobs: int = 1, fresh: bool = True) -> float:
    portfolio = '"sphinx_portfolio"' in (source / "conf.py").read_text("utf-8")
    runner = ["-c", TUNED_SPHINX] if portfolio else ["-m", "sphinx"]
    command = [sys.executable, *runner, "-q", "-b", "html", "-j", str(jobs), str(source), str(out)]
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
        command.insert(3, "-E")
    start = time.perf_counter()
    subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def interleaved_builds(variants: dict[str, tuple[Path, Path, int]], runs: int) -> dict[str, list[float]]:
    """Build every variant once per round, *runs* rounds: the machine's speed drifts, so
    variants compared with each other are timed side by side, not minutes apart.

    Each variant is built once before the rounds, its time kept apart (``first <name>``): the
    rounds then find what any build after a site's first one finds, the portfolio's cache
    folder filled by an earlier build and the files read once by the system.
    """
    times: dict[str, list[float]] = {name: [] for name in variants}
    for name, (source, out, jobs) in variants.items():
        times[f"first {name}"] = [sphinx_build(source, out, jobs)]
    for _ in range(runs):
        for name, (source, out, jobs) in variants.items():
            times[name].append(sphinx_build(source, out, jobs))
    return times


def paired_ratio(slower: list[float], faster: list[float]) -> tuple[float, float, float]:
    """Median, lowest and highest of the per-round ratios."""
    ratios = [a / b for a, b in zip(slower, faster, strict=True)]
    return statistics.median(ratios), min(ratios), max(ratios)


#: pages Sphinx writes on every build, whatever changed
ALWAYS_WRITTEN = {"search.html", "404.html"}


def rewritten_after(source: Path, out: Path, edit) -> set[str]:
    """The HTML files an incremental build rewrites after *edit* (besides ALWAYS_WRITTEN)."""
    sphinx_build(source, out)
    time.sleep(0.05)
    since = time.time_ns()
    edit()
    sphinx_build(source, out, fresh=False)
    written = {p.relative_to(out).as_posix() for p in out.rglob("*.html") if p.stat().st_mtime_ns > since}
    return written - ALWAYS_WRITTEN


def incremental_times(site: Path, plain: Path, work: Path, runs: int) -> dict[str, list[float]]:
    """Seconds of incremental builds after a full one, both variants in turn each round: nothing
    changed, one paper page edited (each variant's own page of the same paper), and, for the
    portfolio, one refs.bib entry edited (its title)."""
    outs = {"ours": work / "inc-time-ours", "twin": work / "inc-time-twin"}
    sources = {"ours": site, "twin": plain}
    for name in outs:
        sphinx_build(sources[name], outs[name])
    times: dict[str, list[float]] = {name: [] for name in ("noop", "noop twin", "page", "page twin", "entry")}
    bib = site / "refs.bib"
    for round_ in range(runs):
        for name, suffix in (("ours", ""), ("twin", " twin")):
            source, out = sources[name], outs[name]
            times["noop" + suffix].append(sphinx_build(source, out, fresh=False))
            page = source / "papers" / "paper00011.md"
            page.write_text(page.read_text() + f"\nA note, round {round_}.\n")
            times["page" + suffix].append(sphinx_build(source, out, fresh=False))
        bib.write_text(bib.read_text().replace("  title = {", f"  title = {{Round {round_} ", 1))
        times["entry"].append(sphinx_build(site, outs["ours"], fresh=False))
    return times


def pages_showing(out: Path, text: str) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*.html") if text in p.read_text("utf-8")}


def page_weight(site: Path, page: str) -> tuple[int, int]:
    """Bytes a first load of *page* transfers (HTML, CSS, JS, fonts): raw and gzipped."""
    html = (site / page).read_text("utf-8")
    assets = set(re.findall(r'(?:href|src)="([^"?#]+\.(?:css|js|woff2?))', html))
    files = [site / page] + [(site / page).parent / asset for asset in assets]
    css_urls = [f for f in files if f.suffix == ".css"]
    for css in css_urls:
        for ref in re.findall(r"url\(['\"]?([^'\")]+\.woff2?)", css.read_text("utf-8")):
            files.append(css.parent / ref)
    data = [f.resolve().read_bytes() for f in files if f.resolve().exists()]
    return sum(len(d) for d in data), sum(len(gzip.compress(d)) for d in data)


def lighthouse(site: Path, pages: list[str]) -> dict[str, dict[str, int]] | None:
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        binary = Path(shutil.which("lighthouse") or binary)
    if not binary.exists() or not Path("/usr/bin/chromium").exists():
        return None

    class Gzip(SimpleHTTPRequestHandler):  # served compressed, as any real host does
        def log_message(self, *args):
            pass

        def send_head(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
                return super().send_head()
            body = gzip.compress(path.read_bytes())
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=3600")
            self.end_headers()
            import io

            return io.BytesIO(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Gzip, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    scores = {}
    try:
        for page in pages:
            with tempfile.TemporaryDirectory() as profile:
                result = subprocess.run(
                    [
                        str(binary),
                        f"http://127.0.0.1:{server.server_port}/{page}",
                        "--output=json",
                        "--quiet",
                        "--chrome-path=/usr/bin/chromium",
                        f"--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                        f"--disable-component-update --disable-sync --no-first-run --user-data-dir={profile}",
                        "--only-categories=performance,accessibility,best-practices,seo",
                    ],
                    capture_output=True,
                    text=True,
                    check=False,
                    timeout=300,
                )
            report = json.loads(result.stdout)
            scores[page] = {
                name: round((category["score"] or 0) * 100) for name, category in report["categories"].items()
            }
    finally:
        server.shutdown()
        server.server_close()
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,200,1000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="portfolio-bench-"))
    rows = []
    try:
        real_plain = work / "real-plain"
        make_plain_twin(ROOT, real_plain)
        times = interleaved_builds(
            {"ours": (ROOT, work / "out-real", 1), "twin": (real_plain, work / "out-real-plain", 1)}, args.runs
        )
        real, real_twin = statistics.median(times["ours"]), statistics.median(times["twin"])
        real_ratio = paired_ratio(times["ours"], times["twin"])
        print(f"real site: {real:.2f} s, plain twin {real_twin:.2f} s", flush=True)
        per_paper = {}
        for size in sizes:
            site, plain = work / f"site-{size}", work / f"plain-{size}"
            make_portfolio(site, size)
            make_plain_twin(site, plain)
            times = interleaved_builds(
                {
                    "ours": (site, work / f"out-{size}", 1),
                    "ours -j2": (site, work / f"out-j2-{size}", 2),
                    "twin": (plain, work / f"out-plain-{size}", 1),
                    "twin -j2": (plain, work / f"out-plain-j2-{size}", 2),
                },
                args.runs,
            )
            ours, parallel = statistics.median(times["ours"]), statistics.median(times["ours -j2"])
            twin, twin_parallel = statistics.median(times["twin"]), statistics.median(times["twin -j2"])
            speedup = paired_ratio(times["ours"], times["ours -j2"])
            twin_speedup = paired_ratio(times["twin"], times["twin -j2"])
            ratio = paired_ratio(times["ours"], times["twin"])
            first = (times["first ours"][0], times["first twin"][0])
            per_paper[size] = ours / size
            rows.append((size, ours, twin, parallel, twin_parallel, speedup, twin_speedup, ratio, first))
            print(
                f"N={size}: {ours:.2f} s, plain {twin:.2f} s, -j2 {parallel:.2f} s (x{speedup[0]:.2f}), "
                f"plain -j2 {twin_parallel:.2f} s (x{twin_speedup[0]:.2f})",
                flush=True,
            )
        largest = sizes[-1]
        site = work / f"site-{largest}"
        page = site / "papers" / "paper00007.md"
        edit_page = len(
            rewritten_after(site, work / "inc-page", lambda: page.write_text(page.read_text() + "\nA note.\n"))
        )
        bib = site / "refs.bib"
        written = rewritten_after(
            site,
            work / "inc-bib",
            lambda: bib.write_text(bib.read_text().replace("  title = {", "  title = {Edited ", 1)),
        )
        # Sphinx also rewrites the toctree parent (topics/index) of a rewritten topic page
        showing = (pages_showing(work / "inc-bib", "Edited ") - ALWAYS_WRITTEN) | {"topics/index.html"}
        edit_entry = (len(written), len(showing - {"topics/index.html"}), written <= showing)
        incremental = incremental_times(site, work / f"plain-{largest}", work, args.runs)
        print(
            "incremental: " + ", ".join(f"{k} {statistics.median(v):.2f} s" for k, v in incremental.items()), flush=True
        )
        raw, zipped = page_weight(work / "out-real", "papers/park2024emergence.html")
        scores = lighthouse(work / "out-real", ["index.html", "papers/index.html", "papers/park2024emergence.html"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    real_site = (real, real_twin, real_ratio)
    edits = (edit_page, edit_entry, incremental)
    report = render_report(real_site, rows, per_paper, *edits, raw, zipped, scores, args.runs)
    Path(args.output).write_text(report, "utf-8")
    print(report)
    return 0


def incremental_targets(times: dict[str, list[float]], large: int) -> list[str]:
    """The rows of the incremental targets: each a median of per-round ratios."""
    rows = []
    for label, ours, theirs, limit in [
        ("a no-op rebuild at most 1.05x plain MyST's", "noop", "noop twin", 1.05),
        ("editing one paper page at most 1.05x plain MyST's", "page", "page twin", 1.05),
        ("editing one refs.bib entry at most 1.5x plain MyST's one-page edit", "entry", "page twin", 1.5),
    ]:
        ratio, low, high = paired_ratio(times[ours], times[theirs])
        mine, twin = statistics.median(times[ours]), statistics.median(times[theirs])
        rows.append(
            f"| {label} (N={large}) | {mine:.2f} s / {twin:.2f} s; "
            f"per round {ratio:.2f}x ({low:.2f}-{high:.2f}) | {'yes' if ratio <= limit else 'no'} |"
        )
    return rows


def render_report(real_site, rows, per_paper, edit_page, edit_entry, incremental, raw, zipped, scores, runs) -> str:
    real, real_twin, real_ratio = real_site
    sizes = [row[0] for row in rows]
    small = 200 if 200 in per_paper else sizes[0]
    large = sizes[-1]
    linear = per_paper[large] / per_paper[small]
    big = next(row for row in rows if row[0] == large)
    lines = [
        "# Benchmarks",
        "",
        "Written by `nox -s bench` (`benchmarks/bench.py`); numbers are medians of "
        f"{runs} fresh builds (`sphinx-build -E`) of each variant, in seconds, after one more that is "
        "not counted (the portfolio's cache folder then holds what a site's earlier build left, as "
        "wherever the site was built before; the first build of a new site is shown apart), on "
        f"{platform.machine()} with {os.cpu_count()} cores, Python {platform.python_version()}. "
        "The machine is shared and its speed drifts by a third from minute to minute, so the "
        "variants compared with each other are built in turn within each round, and a speed-up "
        "is the median of the per-round ratios (lowest and highest in brackets). "
        "The plain-MyST twin has the same pages typed out and no extension, so it also runs with "
        "Python's default garbage-collector thresholds, which the extension raises "
        "(`portfolio build` does, `src/sphinx_portfolio/cli/tuning.py`; the portfolio's builds here run the same way).",
        "",
        "## Targets",
        "",
        "| target | measured | met |",
        "| --- | --- | --- |",
        f"| real site at most 1.0x the same pages as plain MyST | {real:.2f} s / {real_twin:.2f} s; per round "
        f"{real_ratio[0]:.2f}x ({real_ratio[1]:.2f}-{real_ratio[2]:.2f}) | {'yes' if real_ratio[0] <= 1.0 else 'no'} |",
        f"| time per paper at N={large} within 1.2x of N={small} | {per_paper[large] * 1000:.1f} ms / "
        f"{per_paper[small] * 1000:.1f} ms = {linear:.2f}x | {'yes' if linear <= 1.2 else 'no'} |",
        f"| N={large} at most 0.8x plain MyST | {big[1]:.2f} s / {big[2]:.2f} s; per round {big[7][0]:.2f}x "
        f"({big[7][1]:.2f}-{big[7][2]:.2f}) | {'yes' if big[7][0] <= 0.8 else 'no'} |",
        f"| (no target) N={large}, the first build of a new site: an empty cache folder | {big[8][0]:.2f} s / "
        f"{big[8][1]:.2f} s = {big[8][0] / big[8][1]:.2f}x | - |",
        *incremental_targets(incremental, large),
        f"| N={large}: `-j 2` at least 1.3x faster than `-j 1` | {big[1]:.2f} s / {big[3]:.2f} s; "
        f"per round {big[5][0]:.2f}x ({big[5][1]:.2f}-{big[5][2]:.2f}) | {'yes' if big[5][0] >= 1.3 else 'no'} |",
        f"| editing one paper page rewrites at most 5 HTML files (N={large}) | {edit_page} | "
        f"{'yes' if edit_page <= 5 else 'no'} |",
        f"| editing one refs.bib entry rewrites only the pages that show it (N={large}) | {edit_entry[0]} files "
        f"rewritten; {edit_entry[1]} pages show the entry | {'yes' if edit_entry[2] else 'no'} |",
        f"| first load of a paper page at most 100 KB (gzip) | {zipped / 1024:.1f} KB ({raw / 1024:.0f} KB "
        f"uncompressed) | {'yes' if zipped <= 100 * 1024 else 'no'} |",
    ]
    if scores:
        for page, values in scores.items():
            met = all(value == 100 for value in values.values())
            shown = " / ".join(f"{values[k]}" for k in ("performance", "accessibility", "best-practices", "seo"))
            lines.append(
                f"| Lighthouse 100 (performance / accessibility / best practices / SEO), `{page}` | "
                f"{shown} | {'yes' if met else 'no'} |"
            )
    else:
        lines.append("| Lighthouse | not run: `npm ci` and Debian's chromium are needed | - |")
    lines += [
        "",
        "## What bounds `-j 2`" if big[5][0] >= 1.3 else "## Not met: `-j 2`",
        "",
        f"Plain MyST gains {big[6][0]:.2f}x from `-j 2` at N={large} on this machine, the portfolio "
        f"{big[5][0]:.2f}x. With `-j 2` Sphinx reads in two processes and, with the portfolio's "
        "builder, writes HTML in two (Sphinx alone writes in one), while the main process resolves "
        "references, fills generated content and feeds the search index. What stays serial is "
        "start-up (extensions, checking refs.bib), saving the environment between reading and "
        "writing, and the search index and sitemap at the end. Reading gains less than 2x because "
        "each reader pickles its whole environment back and the main process unpickles it while the "
        "readers run. What the extension did about both is in README.md, "
        "'Large and parallel builds'.",
    ]
    lines += [
        "",
        "## Full builds",
        "",
        "| N papers | portfolio | plain MyST | ratio (per round) | portfolio `-j 2` | speed-up "
        "| plain MyST `-j 2` | speed-up | ms per paper |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for size, ours, twin, parallel, twin_parallel, speedup, twin_speedup, ratio, _first in rows:
        lines.append(
            f"| {size} | {ours:.2f} | {twin:.2f} | {ratio[0]:.2f}x | {parallel:.2f} | "
            f"{speedup[0]:.2f}x ({speedup[1]:.2f}-{speedup[2]:.2f}) | {twin_parallel:.2f} | "
            f"{twin_speedup[0]:.2f}x ({twin_speedup[1]:.2f}-{twin_speedup[2]:.2f}) | {per_paper[size] * 1000:.1f} |"
        )
    lines += [
        "",
        f"The real site (50 papers, 10 news items, 10 topics): {real:.2f} s; its plain-MyST twin {real_twin:.2f} s.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
