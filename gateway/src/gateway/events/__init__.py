"""Events for callers who do not speak NATS: who may receive what, server-sent events, webhooks."""
