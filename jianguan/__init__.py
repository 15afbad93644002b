"""jianguan (监管): the operator's entry point that sits on top of the five services.

Nothing in ``shared`` or ``services`` imports this package.
"""
