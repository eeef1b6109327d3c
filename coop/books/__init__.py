"""The official books (minutes, attendance, register of members) and the papers of an
assembly held without a connection, as archival PDFs drawn from the record."""
