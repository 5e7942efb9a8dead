"""Extraction evaluation harness: ``python -m eval.score`` (make eval)."""
