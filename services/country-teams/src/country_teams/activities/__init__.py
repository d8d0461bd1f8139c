"""Preventive activities of the country teams and the who-does-what-where summary."""
