"""The event catalogue: the JSON Schema of every event type's data, public and cacheable."""
