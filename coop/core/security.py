"""Response headers that keep pages from running anything but our own files."""

from flask import Flask, Response

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def init_app(app: Flask) -> None:
    """Security headers on every response."""

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if not app.config["DEVELOPMENT"] and not app.config.get("TESTING"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response


def no_store(response: Response) -> Response:
    """For pages that show a secret once: no copy is kept by the browser or a proxy."""
    response.headers["Cache-Control"] = "no-store"
    return response
