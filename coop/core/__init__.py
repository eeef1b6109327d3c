"""Core: configuration, database, extensions, language, security, request helpers and tenancy.

Nothing here imports a domain package; every domain may import from here."""
