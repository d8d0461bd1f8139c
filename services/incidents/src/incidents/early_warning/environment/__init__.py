"""Environmental and resource series per place (water, floods, mudflows, droughts) and their
departure from each series' own history, for the regional picture."""
