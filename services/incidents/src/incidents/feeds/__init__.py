"""Situation feeds exchanged with partners: inbound items and outbound feeds."""
