"""Deployment support: the local supervisor and configuration for containers and Kubernetes."""
