"""Webhook subscriptions to events: a caller registers a URL and a filter, and receives the events
it is entitled to, signed (Standard Webhooks), retried, logged, suspended after failures."""
