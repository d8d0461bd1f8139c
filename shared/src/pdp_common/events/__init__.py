"""The event backbone: CloudEvents on NATS JetStream with a transactional outbox and inbox."""
