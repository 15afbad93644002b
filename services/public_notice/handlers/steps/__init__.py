"""Steps the use cases share (publishing, taking down, pairing, the ledger)."""
