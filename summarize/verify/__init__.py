"""Verify: locate quotes, check value support and meaning, and audit every result. Pure functions."""

from summarize.verify.audit import audit
from summarize.verify.locate import Located, evidence_is_valid, locate

__all__ = ["Located", "audit", "evidence_is_valid", "locate"]
