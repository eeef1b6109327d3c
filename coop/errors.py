"""Domain errors that carry a message for the user, and the friendly error pages."""

from flask import Flask, render_template
from flask_babel import LazyString
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A refused change; its message is translated and shown next to the form."""

    def __init__(self, message: str | LazyString) -> None:
        super().__init__(str(message))
        self.message = message


def register_error_handlers(app: Flask) -> None:
    """Every error answers with a page in the reader's language, never a traceback."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        return render_template("error.html", code=error.code), error.code or 500

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        app.logger.exception("unexpected error", exc_info=error)
        return render_template("error.html", code=500), 500
