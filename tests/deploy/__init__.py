"""Tests of the local supervisor, the container and the Kubernetes configuration."""
