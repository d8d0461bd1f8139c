"""Machine credentials: API keys stored hashed, scoped to an organization, roles and clearance."""
