"""The local supervisor behind `make run`."""
