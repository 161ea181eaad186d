"""``portfolio init``: a new researcher's site, made from an export, that builds and tests clean."""

from __future__ import annotations

import os
import re
import runpy
import shutil
import subprocess
import venv
from pathlib import Path

import pytest
from pybtex.database import parse_file

from conftest import ROOT, build_site, copy_of_repository, soup, text_of
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


LOVELACE = ROOT / "tests" / "data" / "scaffold" / "scholar-lovelace.bib"


def shell_block(readme: str, heading: str) -> str:
    """The first ```sh block under *heading* of a README, as a reader copies it."""
    section = readme.split(heading, 1)[1]
    found = re.search(r"^```sh\n(.*?)^```", section, re.MULTILINE | re.DOTALL)
    assert found, f"no sh block under {heading}"
    return found.group(1)


@pytest.mark.slow
def test_both_readmes_commands_run_word_for_word_from_a_fresh_virtualenv(tmp_path):
    """A new user's first hour: this README's block, then the new site's, exactly as written.

    In a fresh virtualenv (its python3 first on PATH), from a copy of this repository, with the
    export beside the clone as the README says; nothing comes from PyPI but third-party packages,
    so the engine the new site installs is the wheel the block built. (This site's own "Build and
    test" block is what CI runs: `.ci/run` is `nox -s lint` and `nox -s tests`.)
    """
    work = tmp_path / "work"
    clone = copy_of_repository(work / "sphinx-portfolio")
    shutil.copyfile(LOVELACE, work / "scholar-export.bib")
    fresh = tmp_path / "venv"
    venv.create(fresh, with_pip=True)
    env = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PIP_FIND_LINKS")}
    env.update(PATH=f"{fresh / 'bin'}{os.pathsep}{env['PATH']}", PIP_DISABLE_PIP_VERSION_CHECK="1")

    def block(script: str, cwd: Path) -> str:
        done = subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{script}\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
        return done.stdout + done.stderr

    block(shell_block((clone / "README.md").read_text("utf-8"), "## A site for another researcher"), clone)
    site = work / "ada-lovelace"
    assert (site / "papers" / "lovelace2023notes.md").is_file()
    assert sorted(path.name for path in (site / "wheels").iterdir()) == [next((clone / "dist").glob("*.whl")).name]
    assert (site / "_build" / "html" / "papers" / "chatelet2024poetical.html").is_file()

    output = block(shell_block((site / "README.md").read_text("utf-8"), "## Build and test"), site)
    assert re.search(r"\d+ passed", output) and " failed" not in output, output[-3000:]
    assert "uv binary not found" not in output
    # a second run reuses its environment: nothing is installed again
    block("python3 -m nox -s check", site)
    again = block("python3 -m nox -s check", site)
    assert "pip install" not in again and "checked 3 entries" in again, again
    assert traces(site) == []


def test_a_site_made_from_an_index_install_has_no_wheel_folder(site):
    """Installed from a directory or an index (as in this test run), there is no wheel to keep."""
    assert not (site / "wheels").exists()
    assert "--find-links" not in (site / ".readthedocs.yaml").read_text("utf-8")
