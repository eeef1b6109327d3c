"""Accounts, roles per organization, and logging in."""
