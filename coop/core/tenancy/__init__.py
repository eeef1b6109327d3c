"""Tenancy: the organization every record belongs to, the scoping of every query, and the
/o/<org>/ blueprints that load the organization and the reader's access once."""
