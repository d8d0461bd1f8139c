"""Listing, filtering and full-text search of incidents."""
