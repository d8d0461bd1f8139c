"""Outbound push: a partner's feed items delivered to its webhooks, signed and retried."""
