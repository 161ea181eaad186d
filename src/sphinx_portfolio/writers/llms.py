"""What language-model tools read: ``llms.txt`` (llmstxt.org) and a plain-text file per paper.

``llms.txt`` names the researcher, says what the site holds, and links each paper's text file
(newest first) and the site's pages. ``<key>.txt``, beside each paper's page, holds what a
reader of the page gets: title, authors, venue, awards, abstract (an opening said to be one),
links and the BibTeX to cite it, in Markdown, the format llms.txt asks for.

The extensions that write llms.txt for Sphinx do not fit a portfolio: sphinx-llms-txt joins
the pages' sources, and a paper page's source holds only its key (the facts come from
refs.bib); sphinx-llm writes Markdown by building the site a second time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..core.citations import pdf_address
from ..core.records import Paper


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    note: str = ""


def one_line(text: str) -> str:
    return " ".join(text.split())


def link_text(text: str) -> str:
    """*text* as the text of a Markdown link: brackets escaped."""
    return one_line(text).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def byline(paper: Paper) -> str:
    names = [author.name + ("*" if author.equal else "") for author in paper.authors]
    return ", ".join(names) + (" and others" if paper.et_al else "")


def where(paper: Paper) -> str:
    """Where and when it appeared: "Venue, 2024", or "arXiv preprint arXiv:ID, 2024"."""
    if paper.venue:
        return f"{one_line(paper.venue.name)}, {paper.year}"
    if paper.eprint:
        return f"arXiv preprint arXiv:{paper.arxiv_id}, {paper.year}"
    return f"Preprint, {paper.year}"


def paper_text(paper: Paper, page_url: str, topics: dict[str, str], bibtex: str) -> str:
    """The paper as Markdown text: what its page tells a reader, and its *bibtex* to cite it."""
    lines = [f"# {one_line(paper.title)}", "", f"- Authors: {byline(paper)}"]
    if paper.has_equal_contribution:
        lines.append("- Equal contribution: the authors marked *")
    lines.append(f"- Appeared in: {where(paper)}")
    if paper.awards:
        lines.append(f"- Awards: {'; '.join(paper.awards)}")
    for other in paper.also_presented:
        lines.append(f"- Also presented at: {one_line(other.name)}, {other.year}")
    if paper.topics:
        lines.append(f"- Topics: {', '.join(topics.get(slug, slug) for slug in paper.topics)}")
    if paper.alt_titles:
        lines.append(f"- Also known as: {'; '.join(paper.alt_titles)}")
    if paper.tldr:
        lines += ["", "## TL;DR", "", one_line(paper.tldr)]
    if paper.abstract:
        lines += ["", "## Abstract", "", one_line(paper.abstract)]
    elif paper.abstract_opening:
        lines += ["", "## Abstract (opening only)", "", f"{one_line(paper.abstract_opening)} …"]
    lines += ["", "## Links", ""]
    lines += [f"- {link.title}: {link.url}" for link in paper_links(paper, page_url)]
    lines += ["", "## Cite", "", "```bibtex", bibtex.rstrip("\n"), "```", ""]
    return "\n".join(lines)


def paper_links(paper: Paper, page_url: str) -> list[Link]:
    found = [Link("Page", page_url)]
    for title, url in (
        ("arXiv", paper.arxiv_url),
        ("DOI", paper.doi_url),
        ("URL", paper.url),
        ("PDF", pdf_address(paper, page_url)),
        ("Code", paper.code),
        ("Project", paper.project),
    ):
        if url and url not in (link.url for link in found):
            found.append(Link(title, url))
    return found


def llms_txt(name: str, summary: str, papers: Sequence[tuple[Paper, str]], pages: Sequence[Link]) -> str:
    """``llms.txt``: *papers* as (paper, address of its text file), newest first, then *pages*."""
    lines = [f"# {one_line(name)}", "", f"> {one_line(summary)}", ""]
    lines.append("Each paper below links a plain-text file with its title, authors, venue, abstract, links and BibTeX.")
    lines += ["", "## Papers", ""]
    lines += [f"- [{link_text(paper.title)}]({url}): {byline(paper)}. {where(paper)}." for paper, url in papers]
    lines += ["", "## Pages", ""]
    lines += [f"- [{link_text(link.title)}]({link.url})" + (f": {link.note}" if link.note else "") for link in pages]
    return "\n".join(lines) + "\n"
