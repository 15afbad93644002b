"""A notice's version (issue 20.1): ``notice.published.v1`` and ``notice.withdrawn.v1``
carry how many times the notice's state was announced, so an integrator that keeps a copy
keeps the newest whatever the order it receives them in. A notice that goes up at once is
written with version 1; every later announcement (up after being held, completed by its
second event, taken down) raises it in SQL (``version + 1``, under the row's lock, so two
writers of one notice never announce the same number)."""

from __future__ import annotations

from shared.versions import FIRST, next_version

__all__ = ["FIRST", "next_version"]
