"""Duplicate detection (place, time window, category) and merging with every provenance kept."""
