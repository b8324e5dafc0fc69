"""Running a computation in a forked process and taking its result back as JSON.

The child shares the parent's memory copy-on-write, so a large store need not be sent; only
the (JSON) result travels back, and nothing is unpickled.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable
from typing import Any


def usable_cores() -> int:
    """CPUs this process may run on (0 where it cannot fork)."""
    if not hasattr(os, "fork"):
        return 0
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def fork_call(compute: Callable[[], Any]) -> Callable[[], Any]:
    """Run `compute()` in a forked process now; the returned function waits for its result
    (None when the process failed). The child shares the parent's memory copy-on-write and
    sends back only the result, as JSON."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running any cleanup
        status = 1
        try:
            os.close(read_end)
            gc.disable()
            data = json.dumps(compute(), ensure_ascii=False).encode()
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def result() -> Any:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if status != 0 or not data:
            return None
        try:
            return json.loads(data)
        except Exception:  # a truncated result: the caller computes it itself
            return None

    return result
