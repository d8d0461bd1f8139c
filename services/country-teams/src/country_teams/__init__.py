"""The country-teams service: UN country teams, their preventive activities, the 3W and gaps."""
