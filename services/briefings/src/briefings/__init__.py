"""The briefings service: the Secretary-General's picture, drafted, cleared and released."""
