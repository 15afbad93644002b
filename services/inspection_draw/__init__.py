"""双随机抽查 (inspection-draw).

Draws entities and inspectors at random, verifiably,
and records the results.
"""
