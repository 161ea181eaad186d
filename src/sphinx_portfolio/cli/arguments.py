"""One shape for every command's ``--help``: what it does, its options, then examples."""

from __future__ import annotations

import argparse


def command_parser(name: str, description: str, *examples: str) -> argparse.ArgumentParser:
    """The parser of ``portfolio NAME``; its ``--help`` ends with *examples*, one command line each."""
    shown = "\n".join(f"  {example}" for example in examples)
    return argparse.ArgumentParser(
        prog=f"portfolio {name}",
        description=description,
        epilog=f"example{'s' if len(examples) > 1 else ''}:\n{shown}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
