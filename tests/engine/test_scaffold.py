"""``portfolio init``: a new researcher's site, made from an export, that builds and tests clean."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from pybtex.database import parse_file

from conftest import ROOT, build_site, soup, text_of
from sphinx_portfolio.cli.scaffold import ScaffoldError, init, self_name_of

EXPORT = ROOT / "tests" / "data" / "scaffold" / "scholar-hopper.bib"
NAME = "Grace Hopper"


def this_researchers_names() -> set[str]:
    """Every spelling of this site's researcher: what no scaffolded file or page may hold."""
    conf = runpy.run_path(str(ROOT / "conf.py"))
    words = {str(conf["project"])} | set(str(conf["portfolio_self_name"]).replace(",", " ").split())
    return {word for word in words if len(word) > 3}


def traces(folder: Path) -> list[str]:
    names = this_researchers_names()
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not {".nox", "_build"} & set(path.parts):
            text = path.read_bytes().decode("utf-8", "replace")
            found += [f"{path.relative_to(folder)}: {name}" for name in names if name.lower() in text.lower()]
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("scaffold") / "hopper"
    init(target, NAME, EXPORT)
    return target


def test_every_exported_paper_gets_an_entry_and_a_page(site):
    exported = parse_file(EXPORT).entries
    written = parse_file(site / "refs.bib").entries
    assert len(written) == len(exported)
    assert {path.stem for path in (site / "papers").glob("*.md")} - {"index"} == set(written)
    # normalised as new-paper does: arXiv as an e-print, not as a journal
    preprint = next(entry for entry in written.values() if "eprint" in entry.fields)
    assert "journal" not in preprint.fields and preprint.fields["archiveprefix"] == "arXiv"


def test_the_site_has_every_part_a_maintained_site_has(site):
    for part in [
        "README.md",
        "conf.py",
        "pyproject.toml",
        "noxfile.py",
        "index.md",
        "papers/index.md",
        "news/index.md",
        "topics/index.md",
        "coauthors.md",
        "statistics.md",
        ".ci/run",
        ".readthedocs.yaml",
        ".github/workflows/ci.yml",
        ".github/dependabot.yml",
        "tests/test_site.py",
    ]:
        assert (site / part).is_file(), part
    assert os.access(site / ".ci" / "run", os.X_OK)
    from sphinx_portfolio import __version__

    assert f'"sphinx-portfolio=={__version__}"' in (site / "pyproject.toml").read_text("utf-8")


def test_it_builds_with_no_warning_and_shows_the_new_researcher(site, tmp_path):
    app, warnings = build_site(site, tmp_path / "out")
    assert warnings == ""
    out = Path(app.outdir)
    assert text_of(soup(out / "index.html").select_one("h1")).startswith(NAME)
    byline = text_of(soup(out / "papers" / "hopper1959automatic.html").select_one(".portfolio-byline"))
    assert byline == "Grace Hopper and John W Mauchly"
    # no paper is marked selected yet: the home page shows the newest instead of nothing
    assert soup(out / "index.html").select(".portfolio-entry")
    assert "No news yet." in text_of(soup(out / "news" / "index.html").select_one("article"))
    # names in LaTeX and in other scripts are shown as written
    byline = text_of(soup(out / "papers" / "hopper1957flowmatic.html").select_one(".portfolio-byline"))
    assert byline.replace(" ,", ",") == "Grace Hopper, Émilie du Châtelet, Julius König, and 小明 王"
    # its own favicon
    icon = soup(out / "index.html").select_one("link[rel~=icon]")
    assert icon is not None and (out / icon["href"]).is_file()
    assert "GH" in (out / icon["href"]).read_text("utf-8")
    # no paper has equal contributors, so no note about them
    assert "equal contribution" not in text_of(soup(out / "papers" / "index.html").select_one("article"))
    # the venue is named without its trailing place ("Pittsburgh 1952" is no venue)
    related = text_of(soup(out / "papers" / "hopper1959automatic.html").select_one("article"))
    assert "(Proceedings of the 1952 ACM national meeting)" in related and "Pittsburgh" not in related


def test_no_trace_of_this_sites_researcher(site, tmp_path):
    app, _warnings = build_site(site, tmp_path / "out")
    assert traces(site) == []
    assert traces(Path(app.outdir)) == []


@pytest.mark.parametrize("folder", ["ada", "./ada", "sub/../ada", "~/ada", "{tmp}/ada"])
def test_any_spelling_of_the_folder_makes_the_site_there(tmp_path, monkeypatch, capsys, folder):
    from sphinx_portfolio.cli.main import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "sub").mkdir()
    status = main(
        ["init", folder.format(tmp=tmp_path), "--name", NAME, "--bib", str(EXPORT), "--url", "https://x.org/"]
    )
    assert status == 0, capsys.readouterr().err
    assert (tmp_path / "ada" / "conf.py").is_file() and (
        tmp_path / "ada" / "papers" / "hopper1952education.md"
    ).is_file()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["ada", "sub"], "no scratch folder is left"


@pytest.mark.parametrize("spelling", ["Grace Hopper", "Hopper, Grace", "G. Hopper", "HOPPER, Grace", "Hopper"])
def test_any_spelling_of_the_researcher_that_refs_bib_names_is_taken(tmp_path, spelling):
    from sphinx_portfolio.config import load_settings

    init(tmp_path / "site", spelling, EXPORT)
    assert load_settings(tmp_path / "site").self_name == "Hopper, Grace"


def test_a_name_given_shorter_than_the_export_writes_it_is_the_same_person(tmp_path):
    from sphinx_portfolio.config import load_settings

    export = tmp_path / "export.bib"
    export.write_text(
        "@article{lovelace2023notes,\n  title={Notes on the Analytical Engine},\n"
        "  author={Lovelace, Augusta Ada and Babbage, Charles},\n  journal={Scientific Memoirs},\n  year={2023}\n}\n"
    )
    init(tmp_path / "site", "Ada Lovelace", export)
    assert load_settings(tmp_path / "site").self_name == "Lovelace, Augusta Ada"


def test_a_name_the_export_lacks_is_refused_with_the_closest_spellings(tmp_path):
    with pytest.raises(ScaffoldError) as refused:
        init(tmp_path / "site", "Grace Hoper", EXPORT)
    assert "is not an author of any entry" in str(refused.value)
    assert "did you mean 'Hopper, Grace'" in str(refused.value)
    assert "conf.py" not in str(refused.value)
    assert list(tmp_path.iterdir()) == []


def test_without_url_init_warns_where_to_set_the_address(tmp_path, capsys):
    from sphinx_portfolio.cli.main import main

    assert main(["init", str(tmp_path / "a"), "--name", NAME]) == 0
    warning = capsys.readouterr().err
    assert "no --url" in warning and "html_baseurl in conf.py" in warning
    assert main(["init", str(tmp_path / "b"), "--name", NAME, "--url", "https://hopper.example.org/"]) == 0
    assert capsys.readouterr().err == ""
    assert "https://hopper.example.org/" in (tmp_path / "b" / "conf.py").read_text("utf-8")


def test_names_are_written_as_refs_bib_writes_authors():
    assert self_name_of("Grace Hopper") == "Hopper, Grace"
    assert self_name_of("Ludwig van Beethoven") == "van Beethoven, Ludwig"
    assert self_name_of("Plato") == "Plato"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"name": "  "}, "--name is empty"),
        ({"bib": Path("missing.bib")}, "missing.bib: no such file"),
        ({"topic": "Machine Learning"}, "is not a slug"),
    ],
)
def test_a_refusal_writes_nothing(tmp_path, arguments, message):
    target = tmp_path / "new"
    with pytest.raises(ScaffoldError, match=re.escape(message)):
        init(target, **{"name": NAME, "bib": EXPORT, **arguments})
    assert list(tmp_path.iterdir()) == []


def test_a_folder_with_files_is_never_overwritten(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ScaffoldError, match="not an empty folder"):
        init(tmp_path, NAME, EXPORT)
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


def test_an_export_that_fails_the_check_names_its_problem_and_writes_nothing(tmp_path):
    export = tmp_path / "export.bib"
    export.write_text(EXPORT.read_text("utf-8").replace("year={1952}", "year={52}"), "utf-8")
    with pytest.raises(ScaffoldError, match="year"):
        init(tmp_path / "new", NAME, export)
    assert not (tmp_path / "new").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["export.bib"]


@pytest.mark.slow
def test_from_a_fresh_virtualenv_the_wheel_makes_a_site_whose_readme_commands_pass(tmp_path):
    """The whole path of a new user, offline but for the package registry: wheel, init, build, tests."""
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("sphinx_portfolio-*.whl")
    env = {**os.environ, "PIP_FIND_LINKS": str(dist), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("VIRTUAL_ENV", None)
    fresh = tmp_path / "venv"
    venv.create(fresh, with_pip=True)
    python = fresh / "bin" / "python"

    def run(*command: str, cwd: Path = tmp_path) -> str:
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        return done.stdout

    run(str(python), "-m", "pip", "install", "--quiet", str(wheel), "nox==2026.10.20")
    site = tmp_path / "hopper"
    run(str(fresh / "bin" / "portfolio"), "init", str(site), "--name", NAME, "--bib", str(EXPORT))
    readme = (site / "README.md").read_text("utf-8")
    assert "nox -s build" in readme and "nox -s tests" in readme
    run(str(python), "-m", "nox", "-s", "build", cwd=site)
    assert (site / "_build" / "html" / "papers" / "hopper1952education.html").is_file()
    output = run(str(python), "-m", "nox", "-s", "tests", cwd=site)
    assert " passed" in output and "failed" not in output
    assert traces(site) == []
