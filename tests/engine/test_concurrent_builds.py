"""Two builds of one site into the same folders at once: the second waits for the first, or stops with one line."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_root


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_root("integrity", tmp_path / "site")


def sphinx_build(site: Path, out: Path, *options: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", *options, str(site), str(out)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_second_build_into_the_same_folders_waits_for_the_first(site, tmp_path):
    out = tmp_path / "html"
    builds = [sphinx_build(site, out), sphinx_build(site, out)]
    results = [(build.wait(timeout=300), build.communicate()[1]) for build in builds]
    for status, stderr in results:
        assert status == 0, stderr
    assert any("waiting for process" in stderr for _status, stderr in results), results
    assert "Analytical Engines" in (out / "papers" / "lovelace2024engines.html").read_text("utf-8")


def test_a_build_that_waits_longer_than_its_setting_stops_with_one_line(site, tmp_path):
    out = tmp_path / "html"
    lock = out / ".doctrees" / ".portfolio-build.lock"  # where a running build holds it
    lock.parent.mkdir(parents=True)
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write(f"{os.getpid()}\n")
        held.flush()
        build = sphinx_build(site, out, "-D", "portfolio_build_wait=1")
        stderr = build.communicate(timeout=120)[1]
        status = build.returncode
    assert status != 0
    assert (
        f"another build into {out} is running (process {os.getpid()}) and went on for more than "
        "portfolio_build_wait = 1 s; wait for it to end, or stop it"
    ) in stderr
    assert "Traceback" not in stderr
    assert not (out / "index.html").exists()
