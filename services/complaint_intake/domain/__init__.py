"""The pure domain of complaint-intake (投诉举报): rules as data, rules as functions.

- ``rules``: ``load_complaint_rules`` reads ``deploy/reference/complaint_rules.yaml`` into
  ``ComplaintRules`` (models in ``rule_models``).
- ``deadlines``: legal time limits in working days (受理 7 WD, 立案 15 + 15 WD once,
  调解 45 WD), ``extend`` and ``overdue``, counted from ``received_day`` (收到之日).
- ``case_decision``: a report's case decided within 90 days of 立案 (+30 once, approved
  by the head), a last day off moving to the next working day.
- ``rewards``: whistleblower rewards (举报奖励) with an explained basis.
- ``duplicates``: bigram similarity of Chinese text, the duplicate test, the first
  duplicate among candidates, and MinHash LSH bucket keys (packed 8 bytes per band).
- ``matching``: a named subject matched against the entity mirror (主体匹配).
- ``lifecycle``: states (with ``triage``, 一号响应), the steps allowed in each, channels,
  outcomes, and the deadline running in each state (逾期).
- ``receipts``: 16-digit receipt codes (查询码) with an ISO 7064 MOD 11,10 check digit.
- ``identity``: the reporter's identity sealed with AES-GCM, key rotation, blind index.
- ``masking``: masked name, phone, ID number and contact (脱敏).
- ``reporters``: a reporter's standing for the rate limiter (恶意举报, 牟利性打假).

No I/O here except reading the rules file; no database, no HTTP.
"""
