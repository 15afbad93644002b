"""Loading the complaint rule set (投诉举报处理规则) from
``deploy/reference/complaint_rules.yaml``.

The file follows the reference data conventions (``version``, ``effective_from``,
``source`` on top). A bad file raises ``ReferenceDataError`` shaped
``<file>:<line>: <path>: <problem>`` (with ``entry <n>`` when the problem is inside a list
entry), so the service refuses to start instead of counting with wrong numbers.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from services.complaint_intake.domain.rule_models import ComplaintRuleFile
from shared.reference import ReferenceDataError
from shared.reference.rule_document import load_rule_document

__all__ = ["DEFAULT_PATH", "ComplaintRules", "ReferenceDataError", "load_complaint_rules"]

DEFAULT_PATH = Path(__file__).resolve().parents[3] / "deploy" / "reference" / "complaint_rules.yaml"
ComplaintRules = ComplaintRuleFile
"""The validated rule set; frozen, so it can be shared by every request."""


def load_complaint_rules(path: Path = DEFAULT_PATH,
                         departments: Collection[str] | None = None) -> ComplaintRules:
    """Read and check ``path``; raise ``ReferenceDataError`` on the first problem. Given
    the ``departments`` of the reference data, the triage office must be one of them."""
    document = load_rule_document(Path(path), ComplaintRuleFile, ("level",))
    office = document.model.intake.triage.department
    if departments is not None and office not in departments:
        raise document.problem_at(("intake", "triage", "department"),
                                  f"{office!r} is not in departments.yaml; name the 12345 "
                                  "hotline office's code there")
    return document.model
