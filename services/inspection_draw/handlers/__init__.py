"""Use cases of inspection-draw (双随机抽查): each runs in the caller's unit of work, writes
its audit entry and puts its events in the outbox in the same transaction."""
