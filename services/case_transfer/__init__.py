"""案件移送 (case-transfer).

Moves cases between departments along the responsibility
boundary list, with deadlines.
"""
