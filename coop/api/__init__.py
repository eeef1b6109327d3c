"""A read-only JSON API for certifiers' and federations' systems, described by OpenAPI."""
