"""One seam for running work: `Executor.map(fn, items)` yields fn(item) in item order.

Every way games are played (batches, tournaments, experiment stages, the optimizer) hands its
work to an Executor, so results never depend on where they ran: in this process (serial), in
worker processes (the default for -j N), on threads (LLM games, which wait on a server), or on a
cluster (`ray`, in gametest/harness/ray_executor.py; another engine is one more file and one
line in `_KINDS`). The contract:

- `fn` and the items must be picklable for process and distributed executors (a module-level
  function, or a functools.partial of one); per-worker state goes through `worker_state`.
- Results come back in item order; an exception raised by fn is raised by `map`.
- A worker that dies (killed, out of memory) raises GametestError, never hangs.
- `cancel()` stops handing out work: `map` stops yielding; no new items start.
- Worker processes reset inherited SIGINT/SIGTERM handlers to the default, so a handler the
  parent installed (a graceful-stop flag, say) cannot keep a worker alive.
"""

from __future__ import annotations

import collections
import multiprocessing as mp
import os
import signal
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor as _FuturesPool
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from importlib import import_module
from typing import Any, TypeVar

from gametest.engine.errors import GametestError, UsageError

T = TypeVar("T")
R = TypeVar("R")

WORKER_DIED = (
    "a worker process died (out of memory or killed); games finished so far are kept where "
    "the caller records them; rerun to continue"
)


class Executor(ABC):
    """Runs a function over items on some workers and yields the results in item order."""

    kind: str = ""

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, workers)
        self._cancelled = threading.Event()

    @abstractmethod
    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """fn(item) for every item, in item order; a dead worker raises GametestError."""

    def start(self) -> None:
        """Bring the workers up now (before the caller starts threads of its own)."""
        return None

    def cancel(self) -> None:
        """Stop handing out work: running items may finish, nothing new starts."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        """Whether cancel() was called."""
        return self._cancelled.is_set()

    def close(self) -> None:
        """Release the workers (the executor can be used again; it starts new ones)."""
        return None

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def describe(self) -> str:
        """A short label for progress lines and manifests, e.g. 'process x2'."""
        return f"{self.kind} x{self.workers}"


class SerialExecutor(Executor):
    """Runs every item in this process, one after another (what -j 1 means)."""

    kind = "serial"

    def __init__(self, workers: int = 1) -> None:
        super().__init__(1)

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """fn(item) for each item, here and now, with worker state that ends with the map."""
        saved = getattr(_STATE, "cache", None)
        _STATE.cache = None
        try:
            for item in items:
                if self.cancelled:
                    return
                yield fn(item)
        finally:
            _STATE.cache = saved


class _PoolExecutor(Executor):
    """Shared logic of the concurrent.futures executors: a bounded window of futures."""

    def __init__(self, workers: int = 1) -> None:
        super().__init__(workers)
        self._pool: _FuturesPool | None = None
        self._lock = threading.Lock()

    @abstractmethod
    def _make_pool(self) -> _FuturesPool:
        """A fresh concurrent.futures pool."""

    def _get_pool(self) -> _FuturesPool:
        with self._lock:
            if self._pool is None:
                self._cancelled.clear()
                self._pool = self._make_pool()
            return self._pool

    def _result(self, fut: Future[R]) -> R:
        return fut.result()

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """fn(item) for each item on the pool; at most 4 items per worker are queued at once."""
        pool = self._get_pool()
        window: collections.deque[Future[R]] = collections.deque()
        it = iter(items)
        try:
            for item in it:
                if self.cancelled:
                    return
                window.append(pool.submit(fn, item))
                if len(window) >= 4 * self.workers:
                    yield self._result(window.popleft())
            while window:
                if self.cancelled:
                    return
                yield self._result(window.popleft())
        finally:
            for fut in window:
                fut.cancel()

    def cancel(self) -> None:
        """Drop queued items and let running ones finish (each is one small chunk of games)."""
        super().cancel()
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        """Shut the pool down (waiting for running items)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def reset_signals() -> None:
    """Default SIGINT/SIGTERM handling in a worker (the parent's handlers make no sense there)."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_DFL)


class ProcessExecutor(_PoolExecutor):
    """Worker processes (concurrent.futures): a worker that dies raises, it never hangs."""

    kind = "process"

    def _make_pool(self) -> _FuturesPool:
        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        return ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=reset_signals)

    def start(self) -> None:
        """Fork every worker now, from the calling thread (before other threads exist)."""
        pool = self._get_pool()
        try:
            for fut in [pool.submit(os.getpid) for _ in range(self.workers)]:
                fut.result()
        except BrokenProcessPool:
            raise GametestError(WORKER_DIED) from None

    def _result(self, fut: Future[R]) -> R:
        try:
            return fut.result()
        except BrokenProcessPool:
            raise GametestError(WORKER_DIED) from None


class ThreadExecutor(_PoolExecutor):
    """Threads in this process: for work that waits (LLM games), not for CPU-bound games."""

    kind = "threads"

    def _make_pool(self) -> _FuturesPool:
        return ThreadPoolExecutor(self.workers, thread_name_prefix="gametest-worker")


_STATE = threading.local()
_STATE_SIZE = 16


def worker_state(key: Any, build: Callable[[], R]) -> R:
    """Per-worker (per-thread) state built once per key: players, a game, a cache.

    Keeps the last 16 keys, so a long search with many candidates doesn't grow without bound.
    """
    cache: collections.OrderedDict[Any, Any] | None = getattr(_STATE, "cache", None)
    if cache is None:
        cache = collections.OrderedDict()
        _STATE.cache = cache
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    value = build()
    cache[key] = value
    while len(cache) > _STATE_SIZE:
        cache.popitem(last=False)
    return value


def chunks(items: Sequence[T], size: int) -> list[list[T]]:
    """Consecutive slices of at most `size` items (the unit of work handed to a worker)."""
    size = max(1, size)
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


# kind -> "module:Class"; the distributed engines import lazily (their packages are extras)
_KINDS: dict[str, str] = {
    "local": "",
    "serial": "gametest.harness.executor:SerialExecutor",
    "process": "gametest.harness.executor:ProcessExecutor",
    "threads": "gametest.harness.executor:ThreadExecutor",
    "ray": "gametest.harness.ray_executor:RayExecutor",
}
EXECUTOR_KINDS = ("local", "ray")  # what --executor offers on the command line


def make_executor(kind: str = "local", workers: int = 1, address: str | None = None) -> Executor:
    """The executor a command asked for: 'local' is serial for one worker, processes for more."""
    if kind == "local":
        return SerialExecutor() if workers <= 1 else ProcessExecutor(workers)
    target = _KINDS.get(kind)
    if not target:
        raise UsageError(f"unknown executor '{kind}' (choose from {', '.join(sorted(_KINDS))})")
    mod_name, _, cls_name = target.partition(":")
    try:
        cls = getattr(import_module(mod_name), cls_name)
    except ModuleNotFoundError as e:
        raise UsageError(
            f"executor '{kind}' needs the {e.name} package (pip install 'gametest[{kind}]')"
        ) from None
    if kind == "ray":
        ex: Executor = cls(workers, address=address)
    else:
        ex = cls(workers)
    return ex
