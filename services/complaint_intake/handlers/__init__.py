"""Use cases of complaint-intake (投诉举报): each one unit of work, audited, with its events
leaving through the outbox in the same transaction."""
