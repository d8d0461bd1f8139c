"""Who the caller is and what it may do: API keys and bearer tokens, the role policy, identity."""
