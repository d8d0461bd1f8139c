"""Test support: a real nats-server, real SQLite and PostgreSQL databases, identity tokens."""
