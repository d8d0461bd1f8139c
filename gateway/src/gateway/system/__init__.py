"""The gateway's own pages: home, liveness, and readiness of the gateway and its services."""
