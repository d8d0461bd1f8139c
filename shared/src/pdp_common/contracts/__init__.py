"""Event contracts: one module per producing service, each event a versioned pydantic model."""
