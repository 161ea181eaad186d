"""``python -m sphinx_portfolio`` is the ``portfolio`` command."""

import sys

from .cli.main import main

sys.exit(main(sys.argv[1:]))
