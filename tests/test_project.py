"""The project's own configuration: Read the Docs, CI and the README's commands."""

from __future__ import annotations

import subprocess
import sys

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
