"""The audit trail: who changed which governance record, when, from what to what."""
