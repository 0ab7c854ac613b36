"""Shared fixtures: a list folder in a temporary directory and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from paperlist.cli import cli

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def list_root(tmp_path, monkeypatch) -> Path:
    """An empty list (the project's templates, no papers) as the current directory."""
    root = tmp_path / "list"
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "papers").mkdir()
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def run():
    """Invoke the CLI as a user would; returns click's Result (stdout, stderr, exit_code)."""

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root, for asserting that a failed command changed nothing."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
