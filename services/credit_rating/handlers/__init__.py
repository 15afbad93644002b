"""Use cases of credit-rating (信用评价), one small module each.

Every write takes the service's context (``bootstrap.CreditContext``: rules, person key,
clock), the unit of work and a command (``handlers.commands``), checks that the caller's
department owns what it touches, does its work in that one transaction, audits it and
emits its events with ``uow.emit``. Reads take a session. Steps several use cases share
live in ``handlers.steps``; no use case imports another use case's module.
"""
