"""The one place that touches the list's files on disk: safe reads, all-or-nothing writes, the list lock.

Every command that changes a list builds a plan, ``{path: text}``, and hands it to
:func:`write_plan` while it holds :class:`ListLock`. The plan's files are first written
to temporary files beside their targets; only when every one is written (and synced) are
they renamed into place, so a full disk or an error half-way changes nothing.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from paperlist.errors import StoreError

#: A record larger than this is refused: no paper's metadata comes near it.
MAX_RECORD_BYTES = 1024 * 1024
#: Temporary files start with this, so no loader ever reads one and stale ones are recognisable.
TEMP_PREFIX = ".paperlist-tmp-"
#: Seconds a command waits for another one working on the same list, unless
#: ``PAPERLIST_LOCK_TIMEOUT`` says otherwise.
LOCK_TIMEOUT = 120.0
LOCK_TIMEOUT_ENV = "PAPERLIST_LOCK_TIMEOUT"
#: After this many seconds of waiting for the lock, say why nothing is happening.
LOCK_NOTICE_AFTER = 2.0

_ERRNO_HINTS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


def reason(exc: OSError) -> str:
    """A few words on why a file operation failed."""
    return _ERRNO_HINTS.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()


class UnreadableFileError(StoreError):
    """A file that cannot be read as a list's text file; ``detail`` says why."""

    def __init__(self, shown: str, detail: str) -> None:
        self.detail = detail
        super().__init__(f"cannot read {shown}: {detail}")


def read_regular(path: Path, shown: str, *, limit: int | None = MAX_RECORD_BYTES) -> bytes:
    """The bytes of a regular file (a symlink to one is followed); StoreError for anything else.

    A FIFO, a device or a directory is refused without opening it for reading in a way that
    could block, and a file over ``limit`` bytes is refused without reading it all.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket
            raise UnreadableFileError(shown, "not a regular file (a socket)") from None
        raise UnreadableFileError(shown, reason(exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFileError(shown, "not a regular file (a folder, FIFO or device)")
        if limit is not None and info.st_size > limit:
            raise UnreadableFileError(shown, f"{info.st_size:,} bytes, over the {limit:,} a record may have")
        chunks = []
        size = 0
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            size += len(chunk)
            if limit is not None and size > limit:
                raise UnreadableFileError(shown, f"over the {limit:,} bytes a record may have")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableFileError(shown, reason(exc)) from None
    finally:
        os.close(fd)


def read_text(path: Path, shown: str, *, limit: int | None = None) -> str | None:
    """A regular file's UTF-8 text, or None when it does not exist."""
    try:
        data = read_regular(path, shown, limit=limit)
    except FileNotFoundError:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UnreadableFileError(shown, "not UTF-8 text") from None


def writable_target(path: Path, root: Path, shown: str) -> Path:
    """The file a write to ``path`` really changes.

    A symlink is written through, so the link stays a link, when it points at a file inside
    the list's folder; a link that leads outside the list is refused, because nothing in a
    list decides a path outside it. A folder, FIFO or device is refused.
    """
    target = path
    if path.is_symlink():
        target = path.resolve()
        base = root.resolve()
        if target != base and base not in target.parents:
            raise StoreError(
                f"{shown} is a symbolic link to {target}, outside the list: paperlist writes only inside the list; "
                "replace the link with a file"
            )
    try:
        info = target.stat()
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise StoreError(f"cannot write {shown}: {reason(exc)}") from None
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"cannot write {shown}: it is not a regular file (a folder, FIFO or device)")
    return target


class _Staged:
    """One file of a plan, written to a temporary file beside its target and not yet renamed."""

    def __init__(self, target: Path, shown: str, data: bytes) -> None:
        self.target = target
        self.shown = shown
        self.temp: str | None = None
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, self.temp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{target.name}.", dir=target.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(self.temp, mode)
        except OSError as exc:
            self.discard()
            raise StoreError(f"cannot write {shown}: {reason(exc)}; nothing was changed") from None

    def commit(self) -> None:
        assert self.temp is not None
        os.replace(self.temp, self.target)
        self.temp = None

    def discard(self) -> None:
        if self.temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.temp)
            self.temp = None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_plan(
    plan: Mapping[Path, str | bytes],
    root: Path,
    *,
    shown: Callable[[Path], str] = str,
    remove: tuple[Path, ...] | list[Path] = (),
) -> list[Path]:
    """Write every file of ``plan`` whose content differs from the disk, all or nothing, then
    delete the files in ``remove``.

    Returns the paths written or removed. Each file is written to a temporary file first;
    the renames start only once all of them are written, so a failure (a full disk, a
    permission) leaves every file as it was.
    """
    staged: list[tuple[Path, _Staged]] = []
    try:
        for path, text in plan.items():
            name = shown(path)
            target = writable_target(path, root, name)
            data = text if isinstance(text, bytes) else text.encode("utf-8")
            try:
                if read_regular(target, name, limit=None) == data:
                    continue
            except FileNotFoundError:
                pass
            staged.append((path, _Staged(target, name, data)))
        done: list[Path] = []
        for path, file in staged:
            try:
                file.commit()
            except OSError as exc:
                written = ", ".join(shown(p) for p in done) or "nothing"
                raise StoreError(
                    f"cannot write {file.shown}: {reason(exc)} (already written: {written}); run the command again"
                ) from None
            done.append(path)
        for path in remove:
            try:
                os.unlink(path)
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise StoreError(f"cannot remove {shown(path)}: {reason(exc)}; remove it by hand") from None
            done.append(path)
        return done
    finally:
        for _, file in staged:
            file.discard()


def starts_with(path: Path, marker: str) -> bool:
    """True when ``path`` is a regular file whose text begins with ``marker``."""
    data = marker.encode("utf-8")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        return stat.S_ISREG(os.fstat(fd).st_mode) and os.read(fd, len(data)) == data
    except OSError:
        return False
    finally:
        os.close(fd)


def generated_changes(
    root: Path,
    files: Mapping[str, str | bytes],
    *,
    marker: str,
    owned_dirs: tuple[str, ...] = (),
    owned_files: tuple[str, ...] = (),
    shown: Callable[[Path], str] = str,
) -> tuple[dict[Path, str | bytes], list[Path]]:
    """The files to write and the stale generated files to remove, for a plan of generated files.

    Every planned file but README.md carries ``marker``; one already on disk without it was
    not written by paperlist and is never replaced (StoreError). A file in ``owned_dirs`` or
    ``owned_files`` that carries the marker but is no longer planned is stale.
    """
    plan = {root / relative: text for relative, text in files.items()}
    for path, text in plan.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        if (
            data.startswith(marker.encode("utf-8"))
            and (path.exists() or path.is_symlink())
            and not starts_with(path, marker)
        ):
            raise StoreError(
                f"{shown(path)} exists and was not written by paperlist, which would replace it: move it away "
                "(or set pages_dir in paperlist.yaml to another folder)"
            )
    stale: list[Path] = []
    for folder in owned_dirs:
        try:
            names = sorted(e.name for e in os.scandir(root / folder) if e.name.endswith(".md"))
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise StoreError(f"cannot read {folder}/: {reason(exc)}") from None
        stale += [
            root / folder / n for n in names if root / folder / n not in plan and starts_with(root / folder / n, marker)
        ]
    stale += [root / f for f in owned_files if root / f not in plan and starts_with(root / f, marker)]
    return plan, stale


def remove_stale_temps(folders: list[Path]) -> int:
    """Remove temporary files an interrupted command left behind; the number removed.

    Only call this while holding the list's lock: no other command is writing then.
    """
    removed = 0
    for folder in folders:
        try:
            names = [e.name for e in os.scandir(folder) if e.name.startswith(TEMP_PREFIX)]
        except OSError:
            continue
        for name in names:
            with contextlib.suppress(OSError):
                os.unlink(folder / name)
                removed += 1
    return removed


def lock_timeout() -> float:
    raw = os.environ.get(LOCK_TIMEOUT_ENV, "").strip()
    if not raw:
        return LOCK_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise StoreError(f"{LOCK_TIMEOUT_ENV} must be a number of seconds such as 60, got {raw!r}")
    return value


class ListLock:
    """An exclusive lock on a list's folder, held while a command reads, changes and writes it.

    It is an advisory ``flock`` on the folder itself, so it leaves no file behind. A second
    command waits (saying so after a moment) and gives up after ``timeout`` seconds.
    """

    def __init__(
        self,
        root: Path,
        *,
        timeout: float | None = None,
        notice: Callable[[str], None] = lambda line: None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.root = root
        self.timeout = lock_timeout() if timeout is None else timeout
        self.notice = notice
        self._sleep = sleep
        self._clock = clock
        self._fd: int | None = None

    def __enter__(self) -> ListLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # no flock here (Windows): commands are not serialised
            return
        try:
            fd = os.open(self.root, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except OSError as exc:
            raise StoreError(f"cannot open the list folder {self.root}: {reason(exc)}") from None
        started = self._clock()
        told = False
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    waited = self._clock() - started
                    if waited >= self.timeout:
                        raise StoreError(
                            f"another paperlist command is still changing this list (waited {waited:.0f} s): "
                            f"try again when it has finished, or raise {LOCK_TIMEOUT_ENV}"
                        ) from None
                    if not told and waited >= LOCK_NOTICE_AFTER:
                        self.notice("Waiting for another paperlist command on this list to finish...")
                        told = True
                    self._sleep(0.05)
                except OSError as exc:  # a file system without locks: go on unserialised
                    if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
                        break
                    raise StoreError(f"cannot lock the list folder {self.root}: {reason(exc)}") from None
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = None


@contextlib.contextmanager
def locked(root: Path, folders: list[Path], notice: Callable[[str], None] = lambda line: None) -> Iterator[None]:
    """Hold the list's lock and clear temporary files left by interrupted commands."""
    with ListLock(root, notice=notice):
        remove_stale_temps(folders)
        yield
