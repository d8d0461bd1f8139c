"""The verification workflow and the append-only timeline."""
