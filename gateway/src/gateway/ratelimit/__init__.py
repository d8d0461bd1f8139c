"""Per-credential rate limits: token buckets in this process or shared through Redis."""
