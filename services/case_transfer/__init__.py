"""案件移送 / 执法联动 (case-transfer).

Cases and clues between departments, regions and the police (行刑衔接), joint
enforcement and 协查, the full-process record with legal review and discretion
benchmarks, 督办 of every deadline, and the efficiency evaluation (CT-1 … CT-8).
"""
