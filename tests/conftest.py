"""Shared fixtures: a list folder in a temporary directory and a CLI runner."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
import responses
from click.testing import CliRunner

from paperlist.cli import cli

REPO = Path(__file__).resolve().parent.parent

#: For tests that rewrite a record in place, which takes ruamel.yaml (installed with paperlist).
needs_round_trip_yaml = pytest.mark.skipif(
    importlib.util.find_spec("ruamel") is None or importlib.util.find_spec("ruamel.yaml") is None,
    reason="ruamel.yaml is not installed: pip install -e '.[test]'",
)
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def list_root(tmp_path, monkeypatch) -> Path:
    """An empty list (the project's templates, no papers) as the current directory."""
    root = tmp_path / "list"
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(REPO / "paperlist" / "templates" / "entry.md.j2", root / "templates" / "entry.md.j2")
    shutil.copy(REPO / "paperlist.yaml", root / "paperlist.yaml")
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


@pytest.fixture
def shipped(list_root) -> Path:
    """The list with the project's shipped papers and README."""
    shutil.rmtree(list_root / "papers")
    shutil.copytree(REPO / "papers", list_root / "papers")
    shutil.copy(REPO / "README.md", list_root / "README.md")
    return list_root


@pytest.fixture
def http(monkeypatch):
    """Every request is served by ``responses`` (unmocked ones fail); no pacing waits; no key."""
    monkeypatch.setenv("PAPERLIST_S2_MIN_INTERVAL", "0")
    monkeypatch.setenv("PAPERLIST_ARXIV_MIN_INTERVAL", "0")
    for name in ("SEMANTIC_SCHOLAR_API_KEY", "PAPERLIST_S2_API_URL", "PAPERLIST_ARXIV_API_URL"):
        monkeypatch.delenv(name, raising=False)
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


class FakeTime:
    """A clock that only moves when something sleeps (or a test moves it)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()
