"""The pure domain of credit-rating (信用监管): rules as data, rules as functions.

- ``records``: record kinds, severities, statuses and ``RecordFacts``.
- ``rules``: ``load_credit_rules`` reads ``deploy/reference/credit_rules.yaml`` into
  ``CreditRules`` (models in ``rule_models``, cross-checks in ``rule_checks``).
- ``publicity``: publicity windows under the dated regimes (switch on 2026-04-01).
- ``grading``: ``grade_entity`` → A/B/C/D with explained factors; ``leniency`` holds the
  免罚清单 and 包容期, ``entity`` the entity facts and the 3-years-without-penalty flag.
- ``watchlist``, ``blacklist``, ``repair``: the lists, joint punishment and repair/objection
  deadlines; ``commitments`` (信用承诺) and ``objections`` (异议申诉) their states;
  ``history``: a record as it stood on a past day (信用报告).

No I/O here except reading the rules file; no database, no HTTP.
"""
