"""Domain errors that carry a message for the user, and the friendly error pages."""

from flask import Flask, render_template
from flask_babel import LazyString
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A refused change; its message is translated and shown next to the form."""

    def __init__(self, message: str | LazyString) -> None:
        super().__init__(str(message))
        self.message = message


def register_error_handlers(app: Flask) -> None:
    """Every error answers with a page in the reader's language, never a traceback."""
    from coop.core.extensions import db

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        db.session.rollback()
        return render_template("error.html", code=error.code), error.code or 500

    @app.errorhandler(IntegrityError)
    def conflict(error: IntegrityError) -> tuple[str, int]:
        # Two requests changed the same thing at once; the database kept one of them.
        db.session.rollback()
        app.logger.warning("integrity error: %s", error.orig)
        return render_template("error.html", code=409), 409

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        db.session.rollback()
        app.logger.exception("unexpected error", exc_info=error)
        return render_template("error.html", code=500), 500
