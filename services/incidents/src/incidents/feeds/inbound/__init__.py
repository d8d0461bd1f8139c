"""Inbound push: partners post batches of items that become incidents, keyed by their own ids."""
