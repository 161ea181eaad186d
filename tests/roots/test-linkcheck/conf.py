"""A page of links to real hosts, checked against a local server with the site's settings."""

import os
import re
import runpy
from pathlib import Path

project = "Link check"
extensions = ["myst_parser"]
exclude_patterns = ["_build"]

SERVER = os.environ["PORTFOLIO_LINKCHECK_SERVER"]  # http://127.0.0.1:<port>
SITE = runpy.run_path(str(Path(os.environ["PORTFOLIO_SITE"]) / "conf.py"))
globals().update({name: value for name, value in SITE.items() if name.startswith("linkcheck_")})


def local(pattern: str) -> str:
    """The same pattern for the same path on the local server."""
    return pattern.replace("https://", re.escape(SERVER) + "/", 1)


linkcheck_allowed_redirects = {local(k): local(v) for k, v in SITE["linkcheck_allowed_redirects"].items()}
linkcheck_anchors_ignore_for_url = [local(p) for p in SITE["linkcheck_anchors_ignore_for_url"]]
linkcheck_ignore = [local(p) for p in SITE["linkcheck_ignore"]]
# the one change: a slow page must not hold the test for the real 30 seconds
linkcheck_timeout = 1


def send_to_local_server(app, uri: str) -> str | None:
    if uri.startswith("https://"):
        return SERVER + "/" + uri.removeprefix("https://")
    return None


def setup(app):
    app.connect("linkcheck-process-uri", send_to_local_server)
