"""Votes on agenda items: show-of-hands counts and ballots cast from phones."""
