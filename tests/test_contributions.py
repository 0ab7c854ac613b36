"""Pull requests change papers/ only, so two of them never conflict: checked with real git."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from paperlist.paper import make_paper
from paperlist.store import Store

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(root, *args: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "HOME": str(root),
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def repo(shipped, run):
    assert run("render").exit_code == 0
    git(shipped, "init", "-q", "-b", "main")
    git(shipped, "add", "-A")
    git(shipped, "commit", "-q", "-m", "the list")
    return shipped


def contribute(root, branch: str, arxiv: str, title: str) -> None:
    """What a contributor's pull request does: one new record, nothing else."""
    git(root, "checkout", "-q", "-b", branch, "main")
    Store(root).write(arxiv, make_paper(title=title, authors=["A. Author"], date="2025-02-01", arxiv=arxiv))
    git(root, "add", "papers")
    git(root, "commit", "-q", "-m", f"Add {title}")
    git(root, "checkout", "-q", "main")


@pytest.mark.parametrize("order", [("one", "two"), ("two", "one")])
def test_two_pull_requests_adding_papers_merge_cleanly_in_either_order(repo, run, order):
    contribute(repo, "one", "2502.00001", "First Contributed Paper")
    contribute(repo, "two", "2502.00002", "Second Contributed Paper")
    for branch in order:
        git(repo, "merge", "-q", "--no-edit", branch)
    assert run("render").exit_code == 0  # what the workflow does after each merge
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert "First Contributed Paper" in readme and "Second Contributed Paper" in readme
    assert run("render", "--check").exit_code == 0
