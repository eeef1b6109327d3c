"""The evidence checks decided on plain values: no Flask, no database, no models.

Each check takes the facts the loader gathered (`facts`) and returns a `Check`: its status,
the figures behind it, and findings that name the records proving or breaking it. Texts are
codes with values, put into words in the reader's language by the pages (coop/evidence/texts).
"""
