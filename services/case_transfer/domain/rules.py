"""Loading the case rules (案件移送与执法规则) from ``deploy/reference/case_rules.yaml``.

The file follows the reference data conventions (``version``, ``effective_from``,
``source`` on top, and on each section). A bad file raises ``ReferenceDataError`` shaped
``<file>:<line>: entry <n> (<label>): <path>: <problem>``, so the service refuses to start;
a department the rules name must be one of ``departments.yaml``.
"""

from __future__ import annotations

from pathlib import Path

from services.case_transfer.domain.rule_models import CaseRuleFile
from shared.reference import ReferenceData, ReferenceDataError
from shared.reference.rule_document import load_rule_document

__all__ = ["DEFAULT_PATH", "CaseRules", "ReferenceDataError", "load_case_rules"]

DEFAULT_PATH = Path(__file__).resolve().parents[3] / "deploy" / "reference" / "case_rules.yaml"
CaseRules = CaseRuleFile
_LABEL_KEYS = ("code", "kind")


def load_case_rules(path: Path = DEFAULT_PATH, *,
                    reference: ReferenceData | None = None) -> CaseRules:
    """Read and check ``path``; the first problem raises ``ReferenceDataError``. With
    ``reference``, the departments the rules name are checked against it."""
    document = load_rule_document(Path(path), CaseRuleFile, _LABEL_KEYS)
    rules = document.model
    if reference is not None:
        known = reference.departments
        named = [(("judicial", "police", i), code)
                 for i, code in enumerate(rules.judicial.police)]
        named += [(("judicial", "procuratorate", i), code)
                  for i, code in enumerate(rules.judicial.procuratorate)]
        named += [(("supervision", "administrative"), rules.supervision.administrative),
                  (("supervision", "criminal_transfer"), rules.supervision.criminal_transfer)]
        for location, code in named:
            if code not in known:
                raise document.problem_at(location, f'department "{code}" is not in '
                                          "departments.yaml")
    return rules
