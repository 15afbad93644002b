"""Log lines reach stderr: warnings at once, the rest within the flush clock."""

from __future__ import annotations

import logging
import os
import time

from shared.log_stream import FLUSH_SECONDS, BufferedLineHandler


def _readable(fd: int) -> bytes:
    os.set_blocking(fd, False)
    try:
        return os.read(fd, 65536)
    except BlockingIOError:
        return b""


def test_warnings_are_written_at_once_and_the_rest_on_the_clock():
    read, write = os.pipe()
    handler = BufferedLineHandler(fd=write)
    logger = logging.Logger("buffered-test")
    logger.addHandler(handler)
    try:
        logger.info("GET /v1/entities/{uscc}/check 200")
        assert _readable(read) == b"", "an info line was written with a system call of its own"
        logger.warning("broker unreachable")
        assert _readable(read) == (b"GET /v1/entities/{uscc}/check 200\n"
                                   b"broker unreachable\n")
        logger.info("later")
        time.sleep(FLUSH_SECONDS * 2.5)
        assert _readable(read) == b"later\n"
    finally:
        handler.flush()
        os.close(read)
        os.close(write)
