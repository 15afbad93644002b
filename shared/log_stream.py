"""Log lines to stderr through a buffer (日志输出), flushed on a short clock.

``logging.StreamHandler`` flushes after every line, and stderr is line-buffered: one
write system call per line. With one access line per request that call cost more
than a whole 逢办必查 answer. :class:`BufferedLineHandler` writes through a 64 KiB
buffer instead; a warning or an error is flushed at once, anything else within
``FLUSH_SECONDS`` (a daemon thread), and everything when the process exits
(``logging.shutdown``) or an app stops.
"""

from __future__ import annotations

import io
import logging
import sys
import threading
import time

FLUSH_SECONDS = 0.5


class BufferedLineHandler(logging.StreamHandler):
    """``StreamHandler`` on stderr's file descriptor, flushed by clock or by severity."""

    def __init__(self, fd: int | None = None) -> None:
        raw = io.FileIO(sys.stderr.fileno() if fd is None else fd, "w", closefd=False)
        stream = io.TextIOWrapper(io.BufferedWriter(raw, 1 << 16), encoding="utf-8",
                                  errors="backslashreplace")
        super().__init__(stream)
        threading.Thread(target=self._flush_on_clock, daemon=True, name="log-flush").start()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.stream.write(self.format(record) + self.terminator)
            if record.levelno >= logging.WARNING:
                self.flush()
        except Exception:
            self.handleError(record)

    def _flush_on_clock(self) -> None:
        while True:
            time.sleep(FLUSH_SECONDS)
            try:
                self.flush()
            except (OSError, ValueError):  # stderr closed at exit
                return


def flush_logs() -> None:
    """Flush every handler of the root logger (an app stopping calls it)."""
    for handler in logging.getLogger().handlers:
        handler.flush()
