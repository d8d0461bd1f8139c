"""Inbound pull: the Centre fetches registered partner feeds on a schedule and takes their items
exactly as if the partner had pushed them (see docs/feeds.md, "Pulled feeds")."""
