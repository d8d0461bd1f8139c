"""The built-in development issuer: bearer tokens for local runs and tests, loopback only."""
