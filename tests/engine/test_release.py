"""The release: a version tag publishes only when the tag, the package and CHANGELOG.md agree."""

from __future__ import annotations

import subprocess
import sys

import yaml

from conftest import ROOT

TOOL = ROOT / "tools" / "release_notes.py"


def release_notes(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(TOOL), *args], capture_output=True, text=True, check=False)


def test_the_changelog_has_notes_for_the_version_the_package_carries():
    from sphinx_portfolio import __version__

    done = release_notes(f"v{__version__}")
    assert done.returncode == 0, done.stderr
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert done.stdout.strip() and done.stdout.strip() in changelog
    assert "## " not in done.stdout, "the notes of one release only"


def test_a_tag_that_is_not_the_packages_version_publishes_nothing():
    done = release_notes("v0.0.1")
    assert done.returncode == 1
    assert "tag v0.0.1 is not v" in done.stderr and done.stdout == ""


def test_a_dist_folder_with_another_version_publishes_nothing(tmp_path):
    from sphinx_portfolio import __version__

    (tmp_path / "sphinx_portfolio-0.9.0-py3-none-any.whl").write_bytes(b"")
    done = release_notes(f"v{__version__}", "--dist", str(tmp_path))
    assert done.returncode == 1 and "sphinx_portfolio-0.9.0-py3-none-any.whl" in done.stderr


def test_the_workflow_publishes_by_trusted_publishing_on_a_version_tag_after_the_check():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text("utf-8"))
    assert workflow[True]["push"]["tags"] == ["v*"]  # YAML reads the key `on` as true
    jobs = workflow["jobs"]
    build_steps = " ".join(str(step) for step in jobs["build"]["steps"])
    assert "tools/release_notes.py" in build_steps and "python -m build" in build_steps
    assert jobs["publish"]["needs"] == "build" and jobs["publish"]["permissions"] == {"id-token": "write"}
    assert any("pypa/gh-action-pypi-publish@" in step.get("uses", "") for step in jobs["publish"]["steps"])
    assert not any("password" in step.get("with", {}) for step in jobs["publish"]["steps"]), "no stored token"
