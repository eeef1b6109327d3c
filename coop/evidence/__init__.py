"""Governance evidence computed from the record, per organization and period: the checks a
certifier looks for, with their figures and the records that prove them."""
