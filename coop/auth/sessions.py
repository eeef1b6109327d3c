"""Login sessions: each gets a random reference at login, so that the record can say which
session did what (a ballot names the session it was cast from) without holding the cookie."""

import secrets

from flask import session


def start_session() -> None:
    """Give the session that has just logged in its own reference."""
    session["sid"] = secrets.token_urlsafe(12)
    session.permanent = True


def session_reference() -> str:
    """The reference of the current login session ("" before one was given)."""
    return str(session.get("sid", ""))
