"""Log lines to stderr through a buffer (日志输出), flushed on a short clock.

``logging.StreamHandler`` flushes after every line, and stderr is line-buffered: one
write system call per line. With one access line per request that call cost more
than a whole 逢办必查 answer. :class:`BufferedLineHandler` writes through a 64 KiB
buffer instead; a warning or an error is flushed at once, anything else within
``FLUSH_SECONDS`` (a daemon thread), and everything when the process exits
(``logging.shutdown``) or an app stops.

A record whose class says its values cannot change (``format_later``: the access line
of ``shared.observability.log_fields``) is formatted later too, in the context it was
logged in, up to ``BATCH`` in a row: formatted between two requests' work, with
neither's code and data in the processor's caches, a line cost credit-rating ~13 µs,
in a batch ~6. Every other record is formatted at once, and the lines keep their order.
"""

from __future__ import annotations

import contextvars
import io
import logging
import sys
import threading
import time

FLUSH_SECONDS = 0.5
BATCH = 64


class BufferedLineHandler(logging.StreamHandler):
    """``StreamHandler`` on stderr's file descriptor, flushed by clock or by severity."""

    def __init__(self, fd: int | None = None) -> None:
        raw = io.FileIO(sys.stderr.fileno() if fd is None else fd, "w", closefd=False)
        stream = io.TextIOWrapper(io.BufferedWriter(raw, 1 << 16), encoding="utf-8",
                                  errors="backslashreplace")
        super().__init__(stream)
        self._later: list[tuple[logging.LogRecord, contextvars.Context]] = []
        threading.Thread(target=self._flush_on_clock, daemon=True, name="log-flush").start()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if getattr(type(record), "format_later", False) and record.levelno < logging.WARNING:
                self._later.append((record, contextvars.copy_context()))
                if len(self._later) >= BATCH:
                    self._format_later()
                return
            if self._later:
                self._format_later()
            self.stream.write(self.format(record) + self.terminator)
            if record.levelno >= logging.WARNING:
                self.flush()
        except Exception:
            self.handleError(record)

    def _format_later(self) -> None:
        """Write the lines of the records put off (the handler's lock held)."""
        later, self._later = self._later, []
        format_ = self.formatter.format if self.formatter else self.format
        lines = []
        for record, context in later:
            try:
                lines.append(context.run(format_, record))
            except Exception:
                self.handleError(record)
        lines.append("")
        self.stream.write(self.terminator.join(lines))

    def flush(self) -> None:
        with self.lock:  # type: ignore[union-attr]
            if self._later:
                self._format_later()
        super().flush()

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
