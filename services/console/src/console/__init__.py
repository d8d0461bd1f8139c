"""The analyst console: server-rendered pages over the gateway's public API."""
