"""Full abstracts from arXiv: ``portfolio sync --abstracts``.

Every paper of refs.bib with an arXiv id and no abstract, or an abstract that is only the
opening of arXiv's, gets arXiv's abstract in its standard ``abstract`` field. Only those
fields change: each is written in the entry's own layout (bibedit.py), the result must read
back with every other field as it was and pass the check, and then refs.bib is replaced
atomically. An abstract that differs from arXiv's is the researcher's and is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import arxiv, latex
from .authoring import AuthoringError, check_with_bibfile, to_latex
from .bibedit import EditError, set_field
from .bibfile import parse_bibtex
from .check import Sources
from .output import atomic_write
from .records import Paper
from .settings import Settings

#: what may end an abstract that was cut short
CUT_MARKS = " \t.…"


@dataclass
class Filled:
    filled: list[str] = field(default_factory=list)  # keys given arXiv's abstract
    full: list[str] = field(default_factory=list)  # keys whose abstract is arXiv's already
    own: list[str] = field(default_factory=list)  # keys whose abstract differs from arXiv's: kept
    unknown: list[str] = field(default_factory=list)  # keys whose arXiv id arXiv does not list


def words(text: str) -> str:
    return " ".join(text.split())


def is_opening(shown: str, full: str) -> bool:
    """Whether *shown* (plain text) is a shorter start of *full*, perhaps ending in an ellipsis."""
    start = words(shown).rstrip(CUT_MARKS)
    return len(start) < len(words(full)) and words(full).startswith(start)


def wanted(papers: dict[str, Paper], listed: dict[str, arxiv.Listed], result: Filled) -> dict[str, str]:
    """key -> arXiv's abstract as LaTeX, for the papers whose abstract is missing or an opening."""
    changes = {}
    for paper in papers.values():
        if not paper.arxiv_id:
            continue
        record = listed.get(paper.arxiv_id)
        if record is None:
            result.unknown.append(paper.key)
            continue
        value = to_latex(record.summary)
        full = latex.to_plain(value)
        if paper.abstract is not None and words(paper.abstract) == words(full):
            result.full.append(paper.key)
        elif paper.abstract is None or is_opening(paper.abstract, full):
            changes[paper.key] = value
        else:
            result.own.append(paper.key)
    return changes


def edited(text: str, changes: dict[str, str], bibfile: str) -> str:
    """*text* with each change made, checked to read back with nothing else changed."""
    new = text
    for key, value in changes.items():
        try:
            new = set_field(new, key, "abstract", value)
        except EditError as exc:
            raise AuthoringError(f"{bibfile}: entry '{key}': {exc}; nothing was changed") from None
    before, after = parse_bibtex(text).entries, parse_bibtex(new).entries
    for key, entry in after.items():
        fields = {name.lower(): value for name, value in entry.fields.items()}
        expected = {name.lower(): value for name, value in before[key].fields.items()}
        if key in changes:
            expected["abstract"] = fields.get("abstract", "")
        if list(before) != list(after) or fields != expected or entry.persons != before[key].persons:
            raise AuthoringError(f"{bibfile}: entry '{key}' would read differently; nothing was changed")
    return new


def fill_abstracts(srcdir: Path, settings: Settings, client: arxiv.Client, found: Sources) -> str:
    """Give every paper arXiv's full abstract where refs.bib lacks it; return what to tell the researcher."""
    listed = client.papers(sorted({paper.arxiv_id for paper in found.papers.values() if paper.arxiv_id}))
    result = Filled()
    changes = wanted(found.papers, listed, result)
    bib = srcdir / settings.bibfile
    if changes:
        original = bib.read_bytes()
        bom = b"\xef\xbb\xbf" if original.startswith(b"\xef\xbb\xbf") else b""
        new = bom + edited(original.decode("utf-8-sig"), changes, settings.bibfile).encode("utf-8")
        if findings := check_with_bibfile(srcdir, settings, found, new):
            raise AuthoringError(
                "the abstracts do not pass the check; nothing was changed:\n" + "\n".join(map(str, findings))
            )
        atomic_write(bib, new)
        result.filled = sorted(changes)
    return report(result, settings.bibfile)


def report(result: Filled, bibfile: str) -> str:
    lines = [f"abstracts from arXiv: {len(result.filled)} filled in {bibfile}"]
    lines += [f"    {key}" for key in result.filled]
    lines.append(f"  already arXiv's: {len(result.full)}")
    lines.append(f"  the researcher's own, kept: {len(result.own)}")
    lines += [f"    {key}" for key in result.own]
    lines.append(f"  arXiv id not found on arXiv: {len(result.unknown)}")
    lines += [f"    {key}" for key in result.unknown]
    return "\n".join(lines)
