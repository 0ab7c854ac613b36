"""Commands run at the same time on one list: each waits for the other, and nothing is lost."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time

import pytest
import responses
from click.testing import CliRunner

from paperlist.cli import cli
from paperlist.store import Store
from paperlist.writer import ListLock
from test_add import S2, arxiv_paper

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def _add_in_a_child(root: str, arxiv_id: str, barrier, results) -> None:
    """One `paperlist add ID` in its own process, its Semantic Scholar answer mocked."""
    os.chdir(root)
    os.environ["PAPERLIST_S2_MIN_INTERVAL"] = "0"
    os.environ.pop("SEMANTIC_SCHOLAR_API_KEY", None)
    with responses.RequestsMock() as mock:
        mock.get(f"{S2}/paper/arXiv:{arxiv_id}", json=arxiv_paper(arxiv_id, f"Paper {arxiv_id}"))
        barrier.wait()
        result = CliRunner().invoke(cli, ["add", arxiv_id])
    results.put((arxiv_id, result.exit_code, result.output))


def test_two_adds_at_once_both_reach_the_readme(list_root):
    context = multiprocessing.get_context("fork")
    for round_ in range(4):
        ids = [f"2501.{round_}0001", f"2501.{round_}0002"]
        barrier, results = context.Barrier(len(ids)), context.Queue()
        children = [context.Process(target=_add_in_a_child, args=(str(list_root), i, barrier, results)) for i in ids]
        for child in children:
            child.start()
        for child in children:
            child.join(60)
        outcomes = [results.get(timeout=5) for _ in ids]
        assert all(code == 0 for _, code, _ in outcomes), outcomes
        readme = (list_root / "README.md").read_text(encoding="utf-8")
        for arxiv_id in ids:
            assert f"Paper {arxiv_id}" in readme
    assert len(Store(list_root).load()) == 8


def test_a_command_waits_for_another_and_says_so(list_root, run):
    (list_root / "papers" / "a.yaml").write_text("title: A\nauthors: [X]\ndate: '2024'\n", encoding="utf-8")
    lock = ListLock(list_root)
    lock.acquire()
    threading.Timer(2.5, lock.release).start()
    started = time.monotonic()
    result = run("render")
    assert result.exit_code == 0
    assert time.monotonic() - started >= 2.4
    assert "Waiting for another paperlist command on this list to finish..." in result.stderr


def test_a_command_gives_up_after_the_lock_timeout(list_root, run, monkeypatch):
    monkeypatch.setenv("PAPERLIST_LOCK_TIMEOUT", "0.3")
    (list_root / "papers" / "a.yaml").write_text("title: A\nauthors: [X]\ndate: '2024'\n", encoding="utf-8")
    with ListLock(list_root):
        result = run("render")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: another paperlist command is still changing this list (waited 0 s)")
    assert not (list_root / "README.md").exists()


def test_a_bad_lock_timeout_is_one_line(list_root, run, monkeypatch):
    monkeypatch.setenv("PAPERLIST_LOCK_TIMEOUT", "soon")
    result = run("render")
    assert result.exit_code == 1
    assert result.stderr == "Error: PAPERLIST_LOCK_TIMEOUT must be a number of seconds such as 60, got 'soon'\n"
