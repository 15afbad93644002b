from __future__ import annotations

import pytest

from services.complaint_intake.domain.rules import ComplaintRules, load_complaint_rules


@pytest.fixture(scope="session")
def rules() -> ComplaintRules:
    """The shipped rule set, deploy/reference/complaint_rules.yaml."""
    return load_complaint_rules()
