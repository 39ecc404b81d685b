"""The Ray executor: each item of `map` goes out as one Ray task; results come back in order.

`--executor ray` connects to `--ray-address` or $RAY_ADDRESS, or starts a local Ray instance
with `-j` CPUs (2 when -j is 1). Work functions and items travel by cloudpickle, so the nodes
need the same gametest installed (or `ray job submit --working-dir .`): see docs/distributed.md.
Ray itself is an extra: `pip install -e '.[ray]'`.
"""

from __future__ import annotations

import collections
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from gametest.engine.errors import GametestError, UsageError
from gametest.harness.executor import WORKER_DIED, Executor

T = TypeVar("T")
R = TypeVar("R")


def _import_ray() -> Any:
    try:
        import ray
    except ModuleNotFoundError:
        raise UsageError(
            "--executor ray needs the ray package: pip install -e '.[ray]' (or 'ray>=2.9')"
        ) from None
    return ray


def _apply(fn: Callable[[Any], Any], item: Any) -> Any:
    """Run one item on a Ray worker."""
    return fn(item)


class RayExecutor(Executor):
    """Items as Ray tasks (one CPU each), at most 4 per cluster CPU in flight, in item order."""

    kind = "ray"

    def __init__(self, workers: int = 1, address: str | None = None) -> None:
        super().__init__(workers)
        self.ray = _import_ray()
        self.address = address or os.environ.get("RAY_ADDRESS") or None
        self._started_here = False
        self._remote: Any = None
        self._inflight: list[Any] = []

    def start(self) -> None:
        """Connect to the cluster (or start a local one) and size the window to its CPUs."""
        ray = self.ray
        if not ray.is_initialized():
            if self.address:
                ray.init(address=self.address, logging_level="warning", log_to_driver=False)
            else:
                cpus = self.workers if self.workers > 1 else 2
                ray.init(
                    num_cpus=cpus,
                    include_dashboard=False,
                    logging_level="warning",
                    log_to_driver=False,
                    object_store_memory=256 * 1024 * 1024,
                )
                self._started_here = True
        self.workers = max(1, int(ray.cluster_resources().get("CPU", 1)))
        if self._remote is None:
            self._remote = ray.remote(num_cpus=1)(_apply)

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """fn(item) for each item as a Ray task; a lost worker or node raises GametestError."""
        self.start()
        self._cancelled.clear()
        ray = self.ray
        fn_ref = ray.put(fn)  # shipped once, not once per task
        window: collections.deque[Any] = collections.deque()
        self._inflight = []
        try:
            for item in items:
                if self.cancelled:
                    return
                window.append(self._remote.remote(fn_ref, item))
                self._inflight = list(window)
                if len(window) >= 4 * self.workers:
                    yield self._get(window.popleft())
            while window:
                if self.cancelled:
                    return
                yield self._get(window.popleft())
        finally:
            for ref in window:
                ray.cancel(ref)
            self._inflight = []

    def _get(self, ref: Any) -> Any:
        ex = self.ray.exceptions
        try:
            return self.ray.get(ref)
        except ex.RayTaskError as e:
            cause = e.cause if isinstance(getattr(e, "cause", None), BaseException) else None
            if cause is not None:
                raise cause from None
            raise GametestError(f"a Ray task failed: {e}") from None
        except (ex.WorkerCrashedError, ex.NodeDiedError, ex.RayActorError) as e:
            raise GametestError(f"{WORKER_DIED} ({type(e).__name__})") from None
        except ex.RaySystemError as e:
            raise GametestError(f"Ray failed: {e}") from None

    def cancel(self) -> None:
        """Cancel the tasks not yet collected."""
        super().cancel()
        for ref in self._inflight:
            self.ray.cancel(ref)

    def close(self) -> None:
        """Shut down the local Ray instance this executor started (a cluster stays up)."""
        if self._started_here and self.ray.is_initialized():
            self.ray.shutdown()
        self._started_here = False
        self._remote = None

    def describe(self) -> str:
        """'ray x2 (local)' or 'ray x64 (ADDRESS)'."""
        return f"ray x{self.workers} ({self.address or 'local'})"
