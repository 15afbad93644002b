"""The pure draw core of inspection-draw (双随机、一公开): no database, no HTTP.

- ``rules``: ``load_draw_rules`` reads ``deploy/reference/draw_rules.yaml`` (随机抽查细则) into
  ``DrawRules`` (models in ``rule_models``).
- ``roster``: ``RosterEntry`` (检查对象名录库 snapshot), its canonical lines and ``roster_hash``.
- ``commitment``: ``DrawCommitment`` published before the draw, ``new_nonce`` and ``seed``.
- ``strata``: ``Stratum`` keys and the sample size of each stratum from the rules.
- ``keys``: the jianguan-draw/2 keys (BLAKE2b ``uscc_key``, fmix64 per-draw key), exact.
- ``prepared``: ``PreparedRoster``, a snapshot's keys and strata as arrays, reused by draws.
- ``sampling``: ``draw`` → ``DrawResult``: per-stratum top-k of the keys, exact n/N.
- ``inspectors``: ``assign_inspectors`` → ``Assignment`` (≥ 2 per visit, 回避, balanced).
- ``mirror``: a mirrored object's stored roster-line prefix, stratum label and signed key.
- ``plan``: the plan life cycle (draft → filed → published) and ``check_task``.
- ``proof``: ``ProofBundle`` as JSON and ``verify`` naming the first difference (fields read
  by ``proof_codec``, recomputation step by step in ``verification``).
"""
