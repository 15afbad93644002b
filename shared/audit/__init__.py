"""The audit log (审计日志): a keyed hash chain per service, checkpointed outside its
database, and its verification (X-1: 全程留痕、可回溯)."""

from shared.audit.chain import (
    CHECKPOINT_EVERY,
    GENESIS_HASH,
    AuditEntry,
    AuditNote,
    entry_hash,
    head_of,
    record,
    record_many,
)
from shared.audit.verify import ChainReport, verify_chain

__all__ = [
    "CHECKPOINT_EVERY",
    "GENESIS_HASH",
    "AuditEntry",
    "AuditNote",
    "ChainReport",
    "entry_hash",
    "head_of",
    "record",
    "record_many",
    "verify_chain",
]
