"""One digest run at a time: an exclusive `flock` on a lock file beside the store.

The kernel drops the lock when its process dies, however it dies, so a lock left by a
killed run is recovered by the next one; the file records the holder's pid and start
time for the message a second run prints.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from pathlib import Path


class LockedError(RuntimeError):
    """Another digest run holds the lock."""


class RunLock:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    def acquire(self) -> "RunLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = self.holder()
            os.close(fd)
            who = f"pid {holder.get('pid')} since {holder.get('started')}" if holder else "another process"
            raise LockedError(f"another digest run holds {self.path} ({who})") from None
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
                 .encode())
        os.fsync(fd)
        self._fd = fd
        return self

    def holder(self) -> dict:
        try:
            return json.loads(self.path.read_text() or "{}")
        except (OSError, ValueError):
            return {}

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "RunLock":
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
