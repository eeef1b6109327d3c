"""The certifier's export: the record as files, with a manifest of their hashes."""
