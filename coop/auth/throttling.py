"""Limits on failed logins, shared by the e-mail and the member-number login pages."""

from flask import current_app, request
from werkzeug.wrappers import Response


def failed_login(response: Response) -> bool:
    """Only failed attempts count towards the limit: they are answered 400; a success
    redirects, or shows a member the ballot at once."""
    return request.method == "POST" and response.status_code not in (200, 302)


def login_limit() -> str:
    """Failed logins allowed per account."""
    return current_app.config["LOGIN_FAILURE_LIMIT"]


def address_limit() -> str:
    """Failed logins allowed per address: generous, because on assembly day a whole
    community logs in from one office connection."""
    return current_app.config["LOGIN_FAILURE_LIMIT_PER_ADDRESS"]
