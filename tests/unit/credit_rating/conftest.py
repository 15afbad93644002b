from __future__ import annotations

import pytest

from services.credit_rating.domain.rules import CreditRules, load_credit_rules


@pytest.fixture(scope="session")
def rules() -> CreditRules:
    """The shipped rule set, deploy/reference/credit_rules.yaml."""
    return load_credit_rules()
