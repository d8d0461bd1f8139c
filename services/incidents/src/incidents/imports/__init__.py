"""Bulk import of incidents from ACLED-style CSV and JSON batches."""
