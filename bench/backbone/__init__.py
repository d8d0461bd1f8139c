"""A small service built with the common library, for measuring the event backbone end to end."""
