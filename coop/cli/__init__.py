"""Command-line commands: organizations and administrators, translations."""
