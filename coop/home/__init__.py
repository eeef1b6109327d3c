"""Pages composed from several domains: the organization's home page."""
