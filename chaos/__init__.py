"""The fault-injection suite (`make chaos`): real processes on loopback, killed on purpose, and a
count afterwards of what was committed, delivered and applied."""
