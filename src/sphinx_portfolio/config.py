"""A site's ``portfolio_*`` settings, read from its conf.py by Sphinx's own config loading.

The command line (``portfolio check``, ``new-paper``, ``sync``, ...) and the tests read conf.py
exactly as ``sphinx-build`` does: in its folder, with ``tags`` defined, through
:meth:`sphinx.config.Config.read`; every setting is declared once, in
:class:`sphinx_portfolio.core.settings.Settings`, and registered here as the extension
registers it.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util.tags import Tags

from .core.settings import Settings, declared, from_config


class SettingsError(Exception):
    """conf.py cannot be read; the message is one line, ``conf.py:LINE: what``."""


def conf_problem(srcdir: Path) -> str | None:
    """``conf.py:LINE: ...`` when Python cannot read the site's conf.py (a missing comma, a bracket left open)."""
    conf = srcdir / "conf.py"
    try:
        compile(conf.read_bytes(), str(conf), "exec")
    except SyntaxError as exc:
        return f"{conf}:{exc.lineno or 1}: {exc.msg}; conf.py is Python, and Python cannot read this line"
    except (OSError, ValueError):
        return None  # no conf.py, or a null byte: Sphinx says so itself
    return None


def run_problem(conf: Path, error: ConfigError) -> str:
    """``conf.py:LINE: ...`` for an error raised while conf.py ran (a name not defined, ...)."""
    cause = error.__cause__ or error
    frames = traceback.extract_tb(cause.__traceback__) if cause.__traceback__ else []
    line = next((frame.lineno for frame in reversed(frames) if Path(frame.filename).name == "conf.py"), 1)
    what = f"{type(cause).__name__}: {cause}" if cause is not error else str(error).splitlines()[0]
    return f"{conf}:{line}: {what}"


def load_settings(srcdir: Path) -> Settings:
    """The settings of the site in *srcdir*, from the ``portfolio_*`` values of its conf.py.

    Raises :class:`SettingsError`, with one line naming the place, when conf.py cannot be read.
    """
    problem = conf_problem(srcdir)
    if problem:
        raise SettingsError(problem)
    try:
        # absolute: Sphinx reads conf.py from inside its folder, where a relative path means nothing
        config = Config.read(srcdir.expanduser().absolute(), overrides={}, tags=Tags())
    except ConfigError as exc:
        raise SettingsError(run_problem(srcdir / "conf.py", exc)) from None
    for name, default, rebuild, value_type in declared():
        config.add(name, default, rebuild, (value_type,))
    if "bibtex_bibfiles" not in config:  # sphinxcontrib-bibtex's, as it declares it
        config.add("bibtex_bibfiles", [], "env", (list,))
    return from_config(config)
