"""Run a parse in a child process with a time and a memory budget (Linux).

Why a child process: limits checked in Python can only refuse what they foresee. A parser that is
slower or hungrier than expected on some input (a quadratic regular expression, a library's own
blow-up) must still stop. In a forked child, ``resource.setrlimit(RLIMIT_AS)`` caps the address space
(the size the child had at the fork plus ``memory_bytes``): an allocation beyond it fails with
``MemoryError`` in the child, never in the worker. The parent waits at most ``seconds`` for the answer
and then kills the child (``RLIMIT_CPU`` is a second stop inside the child). Either way the job gets a
:class:`DocumentRefused` with a Chinese message and nothing is written: the child never touches the
database (it leaves with ``os._exit``, so the connections it inherited are not closed either), and the
caller writes only after the parse returned.

``fork`` (not ``spawn``) because the child must see the parent's code, settings and translations at
once and start in milliseconds; the parse functions are pure (bytes in, a JSON-like value out). Where
``fork`` is unavailable or ``YINGSHANG_DOCUMENT_LIMITS["parse_seconds"]`` is 0 the function runs in the
process itself, guarded only by the readers' limits.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import time
from typing import Any, Callable

from .i18n import gettext as _

from .errors import DocumentRefused
from .limits import DocumentLimits, document_limits
from .text import size_text

logger = logging.getLogger(__name__)


def _address_space_bytes() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _child(send, fn, args, kwargs, seconds: float, memory_bytes: int) -> None:
    import gc
    import resource

    # The objects inherited from the parent are never collected here: a finalizer of the parent's garbage
    # (a temporary upload, a connection) must not run in the child.
    gc.freeze()
    try:
        if memory_bytes:
            ceiling = _address_space_bytes() + memory_bytes
            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            resource.setrlimit(resource.RLIMIT_AS, (ceiling if hard == resource.RLIM_INFINITY else min(ceiling, hard), hard))
        if seconds:
            used = resource.getrusage(resource.RUSAGE_SELF)
            cpu = math.ceil(used.ru_utime + used.ru_stime + seconds) + 1
            _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
            resource.setrlimit(resource.RLIMIT_CPU, (cpu if hard == resource.RLIM_INFINITY else min(cpu, hard), hard))
        result = fn(*args, **kwargs)
        send.send(("ok", result))
    except MemoryError:
        send.send(("memory", None))
    except BaseException as error:  # noqa: BLE001 - every outcome goes back to the parent
        try:
            send.send(("error", error))
        except Exception:  # an exception that does not pickle: its text does
            send.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))
    finally:
        send.close()


def _refused_time(seconds: float) -> DocumentRefused:
    return DocumentRefused(
        _("文件解析超过 %(seconds)s 秒的时限,已停止,未导入任何内容。文件可能过于复杂或已被构造为攻击文件,请检查后重新上传。")
        % {"seconds": f"{seconds:g}"},
        "timeout",
    )


def _refused_memory(memory_bytes: int) -> DocumentRefused:
    return DocumentRefused(
        _("文件解析所需内存超过 %(limit)s 的上限,已停止,未导入任何内容。文件可能过于复杂或已被构造为攻击文件,请检查后重新上传。")
        % {"limit": size_text(memory_bytes)},
        "memory",
    )


def run_bounded(fn: Callable[..., Any], /, *args, limits: DocumentLimits | None = None, seconds: float | None = None,
                memory_bytes: int | None = None, **kwargs) -> Any:
    """``fn(*args, **kwargs)`` in a forked child within ``seconds`` and ``memory_bytes`` (defaults: the limits).

    Returns what ``fn`` returned (it must pickle); re-raises the exception it raised (ValidationErrors and
    the readers' errors keep their message and code); raises :class:`DocumentRefused` (``timeout`` or
    ``memory``) when a budget ran out.
    """
    limits = limits or document_limits()
    seconds = limits.parse_seconds if seconds is None else seconds
    memory_bytes = limits.parse_memory_bytes if memory_bytes is None else memory_bytes
    if not seconds or "fork" not in multiprocessing.get_all_start_methods():
        return fn(*args, **kwargs)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(send, fn, args, kwargs, seconds, memory_bytes), daemon=True)
    started = time.monotonic()
    process.start()
    send.close()
    try:
        if not receive.poll(seconds):
            if process.is_alive():
                logger.warning("document parse stopped after %.1f s (budget %.1f s)", time.monotonic() - started, seconds)
                raise _refused_time(seconds)
        try:
            status, payload = receive.recv()
        except EOFError:
            # The child died without an answer: killed by RLIMIT_CPU, or an allocation failed where
            # Python could not raise MemoryError (inside a C library).
            process.join(1)
            if process.exitcode is not None and process.exitcode < 0 and -process.exitcode in (24, 9):  # SIGXCPU, SIGKILL
                raise _refused_time(seconds) from None
            raise _refused_memory(memory_bytes) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receive.close()
    if status == "ok":
        return payload
    if status == "memory":
        raise _refused_memory(memory_bytes)
    raise payload
