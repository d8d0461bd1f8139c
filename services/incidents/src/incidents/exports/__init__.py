"""Exports of incidents: ACLED-style CSV and GeoJSON (RFC 7946), streamed."""
