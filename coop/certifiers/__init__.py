"""Certifiers' access: its limits (expiry, periods, report language), the log of every page
and export a certifier opens, and the tokens their systems read the API with."""
