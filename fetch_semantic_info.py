#!/usr/bin/env python3
"""The list's historical entry point: add a paper by name, then regenerate README.md.

    python fetch_semantic_info.py --paper_name "Paper Name or Key Word of the name"

is the same as ``paperlist add "Paper Name ..."`` (which renders README.md unless
--no-render). It changes only papers/ and README.md; committing is left to you.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from paperlist.cli import cli  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Add a paper to the list by title, keywords or link, then render README.md."
    )
    parser.add_argument("--paper_name", required=True, help="title, keywords, arXiv id or URL, DOI or paper link")
    parser.add_argument("--yes", action="store_true", help="take the best candidate when the match is uncertain")
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parent
    extra = ["--yes"] if args.yes else []
    # Exits with add's own status: 0 added or already listed, 1 failed, 2 usage error.
    cli.main(["-C", str(root), "add", args.paper_name, *extra], prog_name="fetch_semantic_info.py")


if __name__ == "__main__":
    main()
