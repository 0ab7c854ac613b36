"""Bad input: every failure is one clear line, changes nothing, and never hangs or loses work."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from conftest import snapshot, needs_round_trip_yaml
from paperlist.paper import make_paper
from paperlist.store import Store

RECORD = "title: A Paper\nauthors:\n- A. Author\ndate: '2024-05-01'\n"


def write_record(root, name="2405.00001.yaml", text=RECORD):
    (root / "papers" / name).write_text(text, encoding="utf-8")


def one_error_line(result) -> str:
    lines = result.stderr.splitlines()
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert len([line for line in lines if line.startswith("Error: ")]) == 1, result.stderr
    return next(line for line in lines if line.startswith("Error: "))


# --- templates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "template, message",
    [
        ("🔹 {{ entry.title }}\n{{ 1 / 0 }}\n", "templates/entry.md.j2:2: ZeroDivisionError: division by zero"),
        ("🔹 {{ entry.title }}\n\n{{ entry.title + 1 }}\n", "templates/entry.md.j2:3: TypeError: "),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}\n", "templates/entry.md.j2: recursion too deep"),
        ("{{ entry.title.__class__.__mro__ }}\n", "templates/entry.md.j2:1: not allowed in a template: "),
    ],
)
def test_a_template_that_fails_at_render_time_is_one_line(list_root, run, template, message):
    write_record(list_root)
    (list_root / "templates" / "entry.md.j2").write_text(template, encoding="utf-8")
    before = snapshot(list_root)
    assert one_error_line(run("render")).startswith(f"Error: {message}")
    assert snapshot(list_root) == before


def test_a_template_cannot_reach_python_internals(list_root, run):
    write_record(list_root)
    (list_root / "templates" / "README.md.j2").write_text(
        "{{ cycler.__init__.__globals__.os.environ }}\n", encoding="utf-8"
    )
    line = one_error_line(run("render"))
    assert "not allowed in a template" in line and "PATH" not in line


# --- records that cannot be read ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["http://[x", "https://exa\uff1ample.com/", "http://host:port/", "ftp://example.com/paper", "https://"],
)
def test_validate_rejects_a_url_that_does_not_parse(list_root, run, url):
    write_record(list_root, text=RECORD + f"url: '{url}'\n")
    result = run("validate")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stdout.startswith("papers/2405.00001.yaml:5: url: ")


def test_render_refuses_a_record_whose_url_does_not_parse(list_root, run):
    write_record(list_root, text=RECORD + "code: 'http://[x'\n")
    assert one_error_line(run("render")).startswith("Error: papers/2405.00001.yaml:5: code: ")
    assert not (list_root / "README.md").exists()


def test_a_record_that_cannot_be_read_is_reported(list_root, run, monkeypatch):
    write_record(list_root)
    real_open = os.open

    def refuse(path, flags, *args, **kwargs):
        if str(path).endswith("2405.00001.yaml"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    result = run("validate")
    assert result.exit_code == 1
    assert result.stdout == "papers/2405.00001.yaml: cannot read: permission denied\n"


def test_a_papers_folder_that_cannot_be_read_is_one_line(list_root, run, monkeypatch):
    real_scandir = os.scandir

    def refuse(path=".", *args):
        if str(path).endswith("papers"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path, *args)

    monkeypatch.setattr(os, "scandir", refuse)
    assert one_error_line(run("render")) == "Error: cannot read papers/: permission denied"
    assert not (list_root / "README.md").exists()


def test_a_fifo_in_papers_is_refused_without_hanging(list_root, run):
    write_record(list_root)
    os.mkfifo(list_root / "papers" / "pipe.yaml")
    result = run("validate")
    assert result.exit_code == 1
    assert "papers/pipe.yaml: cannot read: not a regular file" in result.stdout
    assert one_error_line(run("render")).startswith("Error: papers/pipe.yaml: cannot read: not a regular file")


def test_a_symlink_to_a_device_is_refused(list_root, run):
    os.symlink("/dev/zero", list_root / "papers" / "zero.yaml")
    result = run("validate")
    assert result.exit_code == 1 and "papers/zero.yaml: cannot read: not a regular file" in result.stdout


def test_an_oversized_record_is_refused(list_root, run):
    write_record(list_root, text=RECORD + "abstract: '" + "x" * (1024 * 1024) + "'\n")
    result = run("validate")
    assert result.exit_code == 1
    assert "papers/2405.00001.yaml: cannot read: 1,048,6" in result.stdout and "a record may have" in result.stdout


def test_a_nul_byte_is_one_line(list_root, run):
    write_record(list_root, text=RECORD + "note: 'a\x00b'\n")
    result = run("validate")
    assert result.stdout.splitlines()[0] == (
        "papers/2405.00001.yaml:5: contains a NUL byte: a record is text; is this a binary file?"
    )
    assert len(result.stdout.splitlines()) == 1


def test_a_duplicate_field_names_both_lines(list_root, run):
    write_record(list_root, text=RECORD + "title: Another Title\n")
    result = run("validate")
    assert result.exit_code == 1
    assert result.stdout == "papers/2405.00001.yaml:5: field 'title' appears twice (lines 1 and 5): keep one\n"


@pytest.mark.parametrize("name", ["x.YAML", "y", "z.txt", "sub"])
def test_validate_says_which_files_it_does_not_read(list_root, run, name):
    write_record(list_root)
    if name == "sub":
        (list_root / "papers" / "sub").mkdir()
    else:
        write_record(list_root, name=name, text=RECORD.replace("A Paper", "Another"))
    result = run("validate")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"papers/{name}: not read as a record: ")


def test_render_warns_about_files_it_does_not_read(list_root, run):
    write_record(list_root)
    write_record(list_root, name="x.YAML", text=RECORD.replace("A Paper", "Another"))
    result = run("render")
    assert result.exit_code == 0
    assert "Warning: papers/x.YAML: not read as a record: rename it to x.yaml" in result.stderr


# --- a list that is not there -----------------------------------------------------------------------


@pytest.mark.parametrize("command", [["render"], ["validate"], ["add", "2408.03314"], ["refresh"]])
def test_a_missing_papers_folder_is_an_error_and_readme_is_untouched(list_root, run, command):
    (list_root / "papers").rmdir()
    (list_root / "README.md").write_text("my list\n", encoding="utf-8")
    line = one_error_line(run(*command))
    assert line == "Error: no papers/ folder in .: run paperlist in the list's root folder, or pass -C DIR"
    assert (list_root / "README.md").read_text(encoding="utf-8") == "my list\n"


def test_a_papers_file_instead_of_a_folder_is_an_error(list_root, run):
    (list_root / "papers").rmdir()
    (list_root / "papers").write_text("not a folder\n", encoding="utf-8")
    assert one_error_line(run("render")) == "Error: papers is not a folder: papers/ must be a folder of records"
    assert not (list_root / "README.md").exists()


def test_import_into_a_missing_directory_creates_nothing(tmp_path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "list.md").write_text("# x\n", encoding="utf-8")
    result = run("-C", "nowhere", "import", "list.md")
    assert result.exit_code == 2 and "does not exist" in result.stderr
    assert not (tmp_path / "nowhere").exists()


# --- output -------------------------------------------------------------------------------------------


def test_render_output_to_a_fifo_is_refused_without_hanging(list_root, run):
    write_record(list_root)
    os.mkfifo(list_root / "out.md")
    assert one_error_line(run("render", "--output", "out.md")) == (
        "Error: cannot write out.md: it is not a regular file (a folder, FIFO or device)"
    )
    assert one_error_line(run("render", "--check", "--output", "out.md")).startswith(
        "Error: cannot read out.md: not a regular file"
    )


def test_a_read_only_readme_keeps_its_mode(list_root, run):
    write_record(list_root)
    readme = list_root / "README.md"
    readme.write_text("old\n", encoding="utf-8")
    readme.chmod(0o444)
    assert run("render").exit_code == 0
    assert stat.S_IMODE(readme.stat().st_mode) == 0o444
    assert "A Paper" in readme.read_text(encoding="utf-8")


def test_a_symlinked_readme_stays_a_link_and_its_file_is_written(list_root, run):
    write_record(list_root)
    (list_root / "docs").mkdir()
    (list_root / "docs" / "list.md").write_text("old\n", encoding="utf-8")
    (list_root / "README.md").symlink_to(os.path.join("docs", "list.md"))
    assert run("render").exit_code == 0
    assert (list_root / "README.md").is_symlink()
    assert "A Paper" in (list_root / "docs" / "list.md").read_text(encoding="utf-8")


def test_a_readme_linked_outside_the_list_is_not_written(list_root, run, tmp_path):
    write_record(list_root)
    outside = tmp_path / "outside.md"
    outside.write_text("theirs\n", encoding="utf-8")
    (list_root / "README.md").symlink_to(outside)
    line = one_error_line(run("render"))
    assert line.startswith("Error: README.md is a symbolic link to ") and "outside the list" in line
    assert outside.read_text(encoding="utf-8") == "theirs\n"


def test_a_url_with_backslashes_keeps_its_link_whole(list_root, run):
    write_record(list_root, text=RECORD + "url: 'https://example.com/a\\)b\\'\n")
    assert run("render").exit_code == 0
    readme = (list_root / "README.md").read_text(encoding="utf-8")
    assert "🔹 [A Paper](https://example.com/a%5C%29b%5C)\n" in readme


# --- writes that fail half-way -------------------------------------------------------------------------


@pytest.fixture
def disk_full_after(monkeypatch):
    """Make the n-th staged file fail as on a full disk."""

    def arm(n: int):
        import paperlist.writer as writer

        real = writer.os.fsync
        count = {"n": 0}

        def fsync(fd):
            count["n"] += 1
            if count["n"] >= n:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(fd)

        monkeypatch.setattr(writer.os, "fsync", fsync)

    return arm


def test_a_full_disk_in_the_middle_of_a_change_changes_nothing(list_root, run, disk_full_after):
    write_record(list_root)
    assert run("render").exit_code == 0
    (list_root / "old.md").write_text(
        "🔹 [Paper B](https://example.com/b)\n- 🗓️ **Date:** 2024-01-02\n\n"
        "🔹 [Paper C](https://example.com/c)\n- 🗓️ **Date:** 2024-01-03\n",
        encoding="utf-8",
    )
    before = snapshot(list_root)
    disk_full_after(2)
    line = one_error_line(run("import", "old.md"))
    assert line.startswith("Error: cannot write papers/") and line.endswith("the disk is full; nothing was changed")
    assert snapshot(list_root) == before
    assert not [p for p in (list_root / "papers").iterdir() if p.name.startswith(".")]


def test_stale_temporary_files_are_never_read_and_are_cleaned_up(list_root, run):
    write_record(list_root)
    stale = list_root / "papers" / ".paperlist-tmp-2405.00002.yaml.abc123"
    stale.write_text(RECORD.replace("A Paper", "Half written"), encoding="utf-8")
    assert run("validate").stdout == "1 record OK.\n"
    assert run("render").exit_code == 0
    assert not stale.exists()
    assert "Half written" not in (list_root / "README.md").read_text(encoding="utf-8")


# --- rewriting keeps the file it read -------------------------------------------------------------------


@needs_round_trip_yaml
def test_a_rewrite_keeps_a_yml_record_a_yml(list_root):
    write_record(list_root, name="2405.00001.yml")
    store = Store(list_root)
    paper = store.load()["2405.00001"]
    store.write("2405.00001", make_paper(**{**paper.to_mapping(), "venue": "ICML"}))
    assert sorted(p.name for p in (list_root / "papers").iterdir()) == ["2405.00001.yml"]
    assert Store(list_root).load()["2405.00001"].venue == "ICML"


def test_a_dangling_symlink_record_is_reported(list_root, run):
    os.symlink("gone.yaml", list_root / "papers" / "2405.00009.yaml")
    result = run("validate")
    assert result.exit_code == 1
    assert result.stdout.startswith("papers/2405.00009.yaml: cannot read: a symbolic link to a file that does not")


@needs_round_trip_yaml
def test_a_symlinked_record_stays_a_link_when_rewritten(list_root):
    (list_root / "shared").mkdir()
    (list_root / "shared" / "paper.yaml").write_text(RECORD, encoding="utf-8")
    (list_root / "papers" / "2405.00001.yaml").symlink_to(os.path.join("..", "shared", "paper.yaml"))
    store = Store(list_root)
    paper = store.load()["2405.00001"]
    store.write("2405.00001", make_paper(**{**paper.to_mapping(), "venue": "ICML"}))
    assert (list_root / "papers" / "2405.00001.yaml").is_symlink()
    assert "venue: ICML" in (list_root / "shared" / "paper.yaml").read_text(encoding="utf-8")


def test_a_broken_install_without_the_round_trip_library_is_one_line_and_changes_nothing(list_root, monkeypatch):
    import sys

    from paperlist.errors import StoreError

    write_record(list_root)
    before = snapshot(list_root)
    monkeypatch.setitem(sys.modules, "ruamel.yaml", None)  # as if it were not installed
    store = Store(list_root)
    paper = store.load()["2405.00001"]
    with pytest.raises(StoreError, match=r"^ruamel\.yaml, which paperlist needs to rewrite a record in place"):
        store.write("2405.00001", make_paper(**{**paper.to_mapping(), "venue": "ICML"}))
    assert snapshot(list_root) == before
