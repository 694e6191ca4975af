"""The service's routes, one module per subject, all under /v1."""
