"""The pure core: reading refs.bib entries, rendering their LaTeX, making paper records."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT
from sphinx_portfolio.core import citations, latex
from sphinx_portfolio.core.bibfile import BibSyntaxError, parse_bibtex_reusing, read_bibfile
from sphinx_portfolio.core.records import build_paper, person_id

SELF = "Lovelace, Augusta Ada"


def entry(tmp_path: Path, body: str):
    path = tmp_path / "refs.bib"
    path.write_text(body, "utf-8")
    return read_bibfile(path, "refs.bib").entries[0]


GOOD = """
@inproceedings{doe2024study,
  title = {A \\emph{Careful} Study of {\\"U}ber-Networks},
  author = {de Haan, Pim and {\\'O} h{\\'E}igeartaigh, Se{\\'a}n and Lovelace, Augusta Ada},
  booktitle = {International Conference on Machine Learning (ICML)},
  year = {2024},
  eprint = {2406.19370},
  archiveprefix = {arXiv},
  award = {Spotlight},
  also_presented = {ICML 2023 Workshop on Things | 2023 | Oral},
  equal_contribution = {de Haan, Pim and Lovelace, Augusta Ada},
  topics = {emergence},
  code = {https://github.com/example/code},
  tldr = {We study $\\alpha$-things.},
}
"""


def test_record_keeps_order_accents_particles_and_equal_marks(tmp_path):
    paper, problems = build_paper(entry(tmp_path, GOOD), self_name=SELF, topics=frozenset({"emergence"}))
    assert problems == []
    assert paper.title == "A Careful Study of Über-Networks"
    assert [a.name for a in paper.authors] == ["Pim de Haan", "Seán Ó hÉigeartaigh", "Augusta Ada Lovelace"]
    assert [a.equal for a in paper.authors] == [True, False, True]
    assert [a.is_self for a in paper.authors] == [False, False, True]
    assert paper.venue.short == "ICML" and paper.venue.awards == ("Spotlight",)
    assert paper.awards == ("Spotlight", "Oral, ICML 2023 Workshop on Things")
    assert paper.pdf_url == "https://arxiv.org/pdf/2406.19370"
    assert paper.tldr == "We study α-things."


def test_copied_bibtex_has_only_standard_fields(tmp_path):
    paper, _ = build_paper(entry(tmp_path, GOOD), self_name=SELF)
    assert citations.bibtex(paper).startswith("@inproceedings{doe2024study,\n")
    for site_only in ("award", "also_presented", "equal_contribution", "topics", "code", "tldr"):
        assert f"{site_only} " not in citations.bibtex(paper)
    assert "eprint        = {2406.19370}" in citations.bibtex(paper)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("url", "javascript:alert(1)", "URL scheme must be http or https, not javascript:"),
        ("code", "data:text/html,x", "URL scheme must be http or https, not data:"),
        ("year", "20024", "year '20024' is not a plausible year"),
        ("eprint", "2406.19", "arXiv id '2406.19' is not well-formed"),
        ("doi", "doi:10.1/x", "DOI 'doi:10.1/x' is not well-formed"),
        ("note", "see \\cite{other}", "uses LaTeX the site cannot render: \\cite"),
        ("selected", "yes", "field 'selected' must be 'true' or 'false', not 'yes'"),
        ("topics", "emergence, unknown-topic", "unknown topic 'unknown-topic'"),
        ("venue_type", "blog", "venue_type 'blog' is not one of"),
        ("tittle", "Typo", "unknown field 'tittle'"),
        ("equal_contribution", "Nobody, Someone", "'Nobody, Someone' in equal_contribution is not an author"),
        ("also_presented", "A Workshop, 2023", "'A Workshop, 2023' is not 'Venue | year [| award ...]'"),
    ],
)
def test_bad_field_values_are_named_with_their_line(tmp_path, field, value, message):
    lines = GOOD.strip().split("\n")
    found = [index for index, line in enumerate(lines) if line.startswith(f"  {field} = ")]
    if found:
        lines[found[0]] = f"  {field} = {{{value}}},"
    else:
        lines.insert(-1, f"  {field} = {{{value}}},")
    bad_line = 2 + (found[0] if found else len(lines) - 2)  # GOOD starts with a blank line
    paper, problems = build_paper(
        entry(tmp_path, "\n" + "\n".join(lines) + "\n"), self_name=SELF, topics=frozenset({"emergence"})
    )
    assert paper is None
    matching = [problem for problem in problems if message in problem.message]
    assert matching, problems
    assert matching[0].line == bad_line


def test_missing_required_field_is_named(tmp_path):
    bad = entry(tmp_path, "@article{x2024, author = {A, B}, year = {2024}, topics = {t}}\n")
    _, problems = build_paper(bad, self_name=SELF, today=date(2024, 1, 1))
    assert {p.message for p in problems} >= {
        "missing required field 'title' for @article",
        "missing required field 'journal' for @article",
    }


def test_scanner_names_the_line_of_an_unbalanced_brace(tmp_path):
    with pytest.raises(BibSyntaxError) as error:
        entry(
            tmp_path,
            "@misc{a,\n  title = {ok},\n}\n\n@misc{b,\n  title = {never closed,\n  year = {2024},\n}\n",
        )
    assert str(error.value).startswith("refs.bib:6: unbalanced braces in field 'title' of entry 'b'")


def test_scanner_names_a_missing_comma(tmp_path):
    with pytest.raises(BibSyntaxError) as error:
        entry(tmp_path, "@misc{a,\n  title = {x}\n  year = {2024},\n}\n")
    assert str(error.value) == "refs.bib:3: expected ',' after the key or a field of entry 'a', found 'y'"


def test_scanner_refuses_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_bytes(b"@misc{a,\n  title = {Caf\xe9},\n}\n")
    with pytest.raises(BibSyntaxError) as error:
        read_bibfile(path, "refs.bib")
    assert str(error.value) == "refs.bib:2: not UTF-8 (byte 0xe9); save the file as UTF-8"


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("\\emph{X} and \\textbf{Y}", "<em>X</em> and <strong>Y</strong>"),
        ('Rockt{\\"a}schel', 'Rockt<span class="bibtex-protected">ä</span>schel'),
        ("50\\% \\& $\\alpha$", "50% &amp; α"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ],
)
def test_latex_renders_markup_accents_and_escapes_html(source, html):
    assert latex.to_rich(source).render_as("html") == html
    assert latex.problems(source) == []


def test_person_id_folds_accents_and_initials():
    assert person_id("Valérie Costa") == person_id("Valerie Costa")
    assert person_id("Eric J. Bigelow") == "eric j bigelow"


def test_person_id_keeps_every_letter_of_every_script():
    assert person_id("Jürgen Müller") == "jurgen muller"
    assert person_id("Søren Strauß") == "søren strauss"
    names = ["李明", "王芳", "محمد علي", "محمد على", "राहुल शर्मा", "रोहित शर्मा", "Ada Lovelace"]
    assert len({person_id(name) for name in names}) == len(names)
    assert all(person_id(name) for name in names)


EXPORTS = sorted((ROOT / "tests" / "data" / "exports").glob("*.bib"))


@pytest.mark.parametrize("export", EXPORTS, ids=[path.stem for path in EXPORTS])
def test_the_scanner_reads_every_export_as_pybtex_does(export):
    """Real exports (arXiv, Google Scholar, DBLP, Zotero, OpenReview) and BibTeX's odd corners."""
    from pybtex.database import Person, parse_file

    from sphinx_portfolio.core.bibfile import read_bibfile
    from sphinx_portfolio.core.records import split_names

    theirs = parse_file(str(export), "bibtex").entries
    ours = {entry.key: entry for entry in read_bibfile(export).entries}
    assert list(ours) == list(theirs)
    for key, entry in theirs.items():
        fields = {name.lower(): " ".join(value.split()) for name, value in entry.fields.items()}
        mine = {name: value for name, value in ours[key].fields.items() if name not in entry.persons}
        assert {name: field.value for name, field in mine.items()} == fields, key
        for role, persons in entry.persons.items():
            assert [str(Person(name)) for name in split_names(ours[key].get(role))] == [str(p) for p in persons]


PEOPLE = """
@misc{doe2024people,
  title = {People},
  author = {Augusta Ada Lovelace and Doe, Jane and others},
  equal_contribution = {Lovelace, Augusta Ada and Jane Doe},
  year = {2024},
  topics = {emergence},
}
"""


@pytest.mark.parametrize("self_name", ["Lovelace, Augusta Ada", "Augusta Ada Lovelace"])
def test_one_person_is_one_parse_and_others_is_no_person(tmp_path, self_name):
    paper, problems = build_paper(entry(tmp_path, PEOPLE), self_name=self_name, topics=frozenset({"emergence"}))
    assert problems == []
    assert [(a.name, a.is_self, a.equal) for a in paper.authors] == [
        ("Augusta Ada Lovelace", True, True),
        ("Jane Doe", False, True),
    ]
    assert paper.et_al
    assert (paper.authors[1].family, paper.authors[1].given) == ("Doe", "Jane")


@pytest.mark.parametrize(
    ("journal", "volume"),
    [("arXiv preprint arXiv:2406.19370", None), ("arXiv:2406.19370v2", None), ("CoRR", "abs/2406.19370")],
)
def test_an_arxiv_preprint_exported_as_an_article_is_a_preprint(tmp_path, journal, volume):
    body = f"@article{{x2024y,\n  title = {{T}},\n  author = {{Doe, Jane}},\n  journal = {{{journal}}},\n"
    body += (f"  volume = {{{volume}}},\n" if volume else "") + "  year = {2024},\n  topics = {emergence},\n}\n"
    paper, problems = build_paper(entry(tmp_path, body), self_name=SELF, topics=frozenset({"emergence"}))
    assert problems == []
    assert paper.arxiv_id == "2406.19370" and paper.venue is None and paper.venue_type == "preprint"


@pytest.mark.parametrize(
    ("venue", "label"),
    [
        ("Advances in Neural Information Processing Systems (NeurIPS)", "NeurIPS 2024"),
        ("International Conference on Learning Representations (ICLR)", "ICLR 2024"),
        ("Conference on Lifelong Learning Agents (CoLLAs)", "CoLLAs 2024"),
        # a trailing place is no acronym: the name stands without it
        ("Proceedings of the ACM national meeting (Pittsburgh)", "Proceedings of the ACM national meeting 2024"),
        ("Workshop on Things (Vienna, Austria)", "Workshop on Things 2024"),
        ("Proceedings of the 2024 Meeting on Engines (Kyoto)", "Proceedings of the 2024 Meeting on Engines"),
    ],
)
def test_a_short_venue_label_is_the_acronym_never_a_place(tmp_path, venue, label):
    body = (
        "@inproceedings{doe2024x,\n  title = {X},\n  author = {Lovelace, Augusta Ada},\n"
        f"  booktitle = {{{venue}}},\n  year = {{2024}},\n  topics = {{emergence}},\n}}\n"
    )
    paper, problems = build_paper(entry(tmp_path, body), self_name=SELF, topics=frozenset({"emergence"}))
    assert problems == [] and paper is not None
    assert paper.venue_label == label


def pybtex_reading(data) -> list[tuple[str, str, dict[str, str], dict[str, list[str]]]]:
    return [
        (
            key,
            entry.type,
            dict(entry.fields),
            {role: [str(p) for p in people] for role, people in entry.persons.items()},
        )
        for key, entry in data.entries.items()
    ]


@pytest.mark.parametrize("export", sorted((ROOT / "tests" / "data" / "exports").glob("*.bib")), ids=lambda p: p.stem)
def test_reading_refs_bib_part_by_part_gives_what_one_reading_gives(export):
    """Every export, read part by part and again after an edit, reads as pybtex reads it whole."""
    import pybtex.database

    text = export.read_text("utf-8")
    whole = pybtex.database.parse_string(text, "bibtex")
    parts, kept = parse_bibtex_reusing(text, None, {})
    assert pybtex_reading(parts) == pybtex_reading(whole)
    edited = re.sub(r"(\btitle\s*=\s*[{\"])", r"\1Edited ", text, count=1, flags=re.IGNORECASE)
    assert edited != text
    again, _ = parse_bibtex_reusing(edited, parts, kept)
    assert pybtex_reading(again) == pybtex_reading(pybtex.database.parse_string(edited, "bibtex"))


def test_a_brace_left_open_across_an_at_sign_reads_as_one_value():
    text = "@misc{a,\n  title = {A},\n  note = {first line\n@misc{b, title = {not an entry}}\n},\n  year = {2024},\n}\n"
    data, _ = parse_bibtex_reusing(text, None, {})
    assert list(data.entries) == ["a"]
    assert "not an entry" in data.entries["a"].fields["note"]


def test_a_key_repeated_in_an_edited_part_is_refused_as_in_one_reading():
    import pybtex.database
    from pybtex.exceptions import PybtexError

    text = "@misc{a, title = {A}, year = {2024}}\n@misc{b, title = {B}, year = {2024}}\n"
    data, kept = parse_bibtex_reusing(text, None, {})
    with pytest.raises(PybtexError):
        parse_bibtex_reusing(text.replace("{b,", "{a,"), data, kept)
    with pytest.raises(PybtexError):  # what pybtex says of the same file, read whole and strictly
        import pybtex.errors

        pybtex.errors.strict = True
        try:
            pybtex.database.parse_string(text.replace("{b,", "{a,"), "bibtex")
        finally:
            pybtex.errors.strict = False
