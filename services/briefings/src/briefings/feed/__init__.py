"""The feed of released briefings: an incremental feed for partners and the Centre's staff."""
