"""What the gateway tells its operators: Prometheus metrics and the trace context of requests."""
