"""Atouts POS: the offline-first till for the partners of regional youth-benefit schemes."""

__version__ = "0.1.0"
