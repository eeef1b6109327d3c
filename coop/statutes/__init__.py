"""Statute rules as data: notice, calls and quorum, proxies, majorities; versioned by date."""
