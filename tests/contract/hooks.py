"""Schemathesis hooks (loaded with ``SCHEMATHESIS_HOOKS=tests.contract.hooks``): the
``uscc`` string format the services' schemas declare, so that data generated as valid
carries codes whose two check characters hold and reaches the handlers, while data
generated as invalid still breaks the pattern and must get a 422."""

from __future__ import annotations

import random

import schemathesis
from hypothesis import strategies as st

from shared.uscc import generate

schemathesis.openapi.format(
    "uscc", st.integers(min_value=0, max_value=2**32).map(lambda n: generate(random.Random(n))))
