"""The ``portfolio`` command: check, build, serve, new-paper, new-news, sync, init."""
