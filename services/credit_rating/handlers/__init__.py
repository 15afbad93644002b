"""Use cases of credit-rating (信用评价), one small module each.

Every handler takes the unit of work (or, for reads, a session) and plain data, does
its work in that one transaction, audits it and leaves its events in the outbox.
"""
