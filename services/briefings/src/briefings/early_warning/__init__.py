"""The regional picture of early warning: the copy of escalation alerts and the daily brief's
section drawn from it."""
