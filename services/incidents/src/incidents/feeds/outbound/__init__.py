"""The outbound pull feed: what changed since a cursor, for one partner, in five formats."""
