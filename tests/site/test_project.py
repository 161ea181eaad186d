"""The project's own configuration: Read the Docs, CI and the README's commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_readthedocs_config_is_valid_against_the_published_schema():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.readthedocs",
            str(ROOT / ".readthedocs.yaml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_readthedocs_builds_like_nox():
    config = (ROOT / ".readthedocs.yaml").read_text()
    assert "configuration: conf.py" in config and "fail_on_warning: true" in config
    assert "--group site" in config


def test_readme_shows_the_two_commands_ci_runs():
    readme = (ROOT / "README.md").read_text()
    assert "nox -s build" in readme and "nox -s tests" in readme
    assert "nox -s tests" in (ROOT / ".ci" / "run").read_text()


def test_nox_build_publishes_nothing_and_keeps_the_last_site_when_the_check_finds_a_problem(tmp_path, monkeypatch):
    import os
    import runpy
    import shutil

    import pytest

    site = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "roots" / "test-integrity", site)
    bib = site / "refs.bib"
    bib.write_text(bib.read_text().replace("{2023}", "{203}"))  # a finding of the source check
    old = site / "_build" / "html" / "index.html"
    old.parent.mkdir(parents=True)
    old.write_text("an older site")
    (old.parent / ".buildinfo").write_text("# Sphinx build info version 1\n")  # an earlier build's

    class Virtualenv:
        location = str(tmp_path / "venv")

    (tmp_path / "venv").mkdir()

    class Failed(Exception):
        pass

    class Session:
        """The part of nox.Session the build session uses; commands really run, in the copy."""

        posargs: tuple[str, ...] = ()
        virtualenv = Virtualenv()

        def install(self, *args, **kwargs) -> None:
            pass

        def run(self, *args, env=None, external=False) -> None:
            # a console script (portfolio) from the environment the tests run in, as nox's own
            found = shutil.which(args[0], path=str(Path(sys.executable).parent))
            command = [sys.executable if args[0] == "python" else found or args[0], *args[1:]]
            done = subprocess.run(
                command, cwd=site, env={**os.environ, **(env or {})}, capture_output=True, check=False
            )
            if done.returncode:
                raise Failed(done.stderr.decode())

    monkeypatch.chdir(ROOT)  # the noxfile reads pyproject.toml from where it is
    sessions = runpy.run_path(str(ROOT / "noxfile.py"))
    with pytest.raises(Failed, match="year '203' is not a plausible year"):
        sessions["build"](Session())
    assert old.read_text() == "an older site", "a failed build leaves the published folder as it was"
    assert sorted(path.name for path in old.parent.parent.iterdir()) == ["html"], "no scratch folder is left"


def test_the_engine_and_its_tests_know_no_researcher():
    """The package, its engine tests and their tiny sites never name this site's researcher."""
    import runpy

    conf = runpy.run_path(str(ROOT / "conf.py"))
    names = {str(conf["project"]), *str(conf["portfolio_self_name"]).replace(",", " ").split()}
    names = {name.lower() for name in names if len(name) > 3}
    places = [ROOT / "src", ROOT / "tests" / "engine", ROOT / "tests" / "roots", ROOT / "tests" / "data" / "scaffold"]
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for place in places
        for path in sorted(place.rglob("*"))
        if path.is_file() and path.suffix != ".mo"
        for name in names
        if name in path.read_text("utf-8", "replace").lower()
    ]
    assert found == []


def test_a_clean_build_of_this_site_logs_only_what_is_true_about_it(tmp_path):
    """What `nox -s build` shows of the build: one line, true to the folder it names; no notice,
    settings dump or scratch-folder path from the packages underneath."""
    import re

    out = tmp_path / "_build" / "html"
    done = subprocess.run(
        [sys.executable, "-m", "sphinx_portfolio", "build", str(ROOT), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == ""
    (line,) = done.stdout.splitlines()
    found = re.fullmatch(r"Built (\d+) pages into (\S+) in ([\d.]+) s: open (\S+)", line)
    assert found, line
    assert int(found.group(1)) == len(list(out.rglob("*.html"))) and Path(found.group(2)) == out
    assert Path(found.group(4)) == out / "index.html" and (out / "index.html").is_file()


def test_what_the_readmes_commands_make_is_not_committed_by_accident():
    """The wheel of "A site for another researcher" lands in dist/; builds and environments likewise stay out of git."""
    for made in ["dist/sphinx_portfolio-1.0.0-py3-none-any.whl", "_build/html/index.html", ".nox/build/bin/python"]:
        ignored = subprocess.run(["git", "check-ignore", "-q", made], cwd=ROOT, check=False)
        assert ignored.returncode == 0, f"{made} is not ignored by git"
