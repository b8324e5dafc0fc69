"""A progress bar on stderr for long loads and checks, drawn only at the CLI edge.

The core reports progress through a plain callback, `(stage, done, total)`, and never prints.
`progress_bar` gives such a callback that shows a rich bar once the work has taken longer
than `DELAY` seconds, and only when stderr is a terminal: piped or captured output gets
nothing extra. rich is imported only when the bar is about to be drawn.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

DELAY = 0.5  # seconds of work before a bar is worth drawing

Callback = Callable[[str, int, int], None]

_LABELS = {"loading": "Loading claim files", "checking": "Checking"}


class _Bar:
    """The callback: silent for the first DELAY seconds, then a rich progress bar."""

    def __init__(self, stream: IO[str], clock: Callable[[], float] = time.monotonic) -> None:
        self.stream, self.clock = stream, clock
        self.started = clock()
        self.progress: Any = None
        self.tasks: dict[str, Any] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.progress is None:
            if self.clock() - self.started < DELAY:
                return
            self.progress = self._start()
        task = self.tasks.get(stage)
        if task is None:
            for other in self.tasks.values():  # the previous stage is over
                self.progress.update(other, completed=self.progress.tasks[other].total)
            task = self.tasks[stage] = self.progress.add_task(
                _LABELS.get(stage, stage), total=total
            )
        self.progress.update(task, completed=done, total=total)

    def _start(self) -> Any:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(file=self.stream),
            transient=True,  # the bar disappears when done; the report is what stays
        )
        progress.start()
        return progress

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


@contextmanager
def progress_bar(stream: IO[str] | None = None) -> Iterator[Callback | None]:
    """A progress callback drawing on `stream` (stderr) when it is a terminal, else None."""
    stream = stream if stream is not None else sys.stderr
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):  # closed or unusual streams
        interactive = False
    if not interactive:
        yield None
        return
    bar = _Bar(stream)
    try:
        yield bar
    finally:
        bar.close()
