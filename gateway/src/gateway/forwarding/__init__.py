"""Forwarding to the services: the routing allow-list, the request read at the door, the proxy."""
