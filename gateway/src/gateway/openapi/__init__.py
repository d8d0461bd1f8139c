"""The gateway's one OpenAPI document, aggregated from the services' documents."""
