"""Organizations: the tenants of an installation, and the scoping every query goes through."""
