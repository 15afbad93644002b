"""信用评价 (credit-rating).

Grades market entities by their credit record
and publishes the grades.
"""
