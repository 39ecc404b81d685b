"""An exclusive lock on a run folder, so two runs never append to the same records.

The lock is a file `.lock` holding the owner's PID, created with O_EXCL. A second run finds it
and exits with "run folder is in use by PID N". A lock left by a killed run (kill -9: the PID
is no longer alive) is stale and is taken over. The lock is also held with flock() while the
run lives, so a PID reused by an unrelated process after a crash does not keep the folder
locked forever: a lock file nobody holds with flock() is stale too.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from pathlib import Path
from types import TracebackType

from gametest.engine.errors import UsageError

LOCK_NAME = ".lock"


class RunLock:
    """`with RunLock(folder):` holds the folder for this process; UsageError if another has it."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.path = self.folder / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock (creating the folder), taking over a stale one."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for _ in range(3):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o644)
            except FileExistsError:
                if self._stale():
                    with contextlib.suppress(FileNotFoundError):
                        self.path.unlink()
                    continue
                raise UsageError(
                    f"run folder is in use by PID {self._owner() or '?'}: {self.folder} "
                    f"(if that process is gone, delete {self.path})"
                ) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # someone took it between our create and flock: theirs
                os.close(fd)
                raise UsageError(f"run folder is in use: {self.folder}") from None
            os.write(fd, f"{os.getpid()}\n".encode())
            os.fsync(fd)
            self._fd = fd
            return
        raise UsageError(f"cannot lock run folder {self.folder}: the lock keeps changing")

    def release(self) -> None:
        """Drop the lock (the file goes first, then the flock)."""
        if self._fd is None:
            return
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        os.close(self._fd)
        self._fd = None

    def _owner(self) -> int | None:
        try:
            return int(self.path.read_text().strip() or 0) or None
        except (OSError, ValueError):
            return None

    def _stale(self) -> bool:
        """True when no live process holds the lock file."""
        pid = self._owner()
        if pid is not None and not _alive(pid):
            return True
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return True
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False  # a live process holds it
            raise
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            # Nobody holds it. A just-created lock (pid not yet written) is not stale.
            return pid is not None
        finally:
            os.close(fd)

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _alive(pid: int) -> bool:
    """Whether a process with this PID exists (a zombie counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True
