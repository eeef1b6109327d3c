"""Configuration: defaults for development, overridden by environment and by tests."""

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

# The checkout: templates, static files, translations and migrations live beside coop/.
ROOT = Path(__file__).resolve().parents[2]
SOURCE_LANGUAGE = "en"


def available_languages(folder: Path = ROOT / "translations") -> tuple[str, ...]:
    """The language of the code's text and every language with a catalogue in `folder`:
    a new language is a catalogue and nothing else."""
    found = {po.parent.parent.name for po in folder.glob("*/LC_MESSAGES/messages.po")}
    return tuple(sorted(found | {SOURCE_LANGUAGE}))


class Config:
    """Settings read once when the app is created."""

    # Required outside development: create_app refuses to start without it.
    SECRET_KEY = os.environ.get("SECRET_KEY")
    DEVELOPMENT = os.environ.get("COOP_ENV", "production") == "development"
    # None means: an SQLite file in the instance folder (set in create_app).
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Secure cookies everywhere but on a developer's plain-HTTP laptop.
    # None: secure everywhere but on a developer's plain-HTTP laptop (set in create_app).
    SESSION_COOKIE_SECURE: bool | None = None
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE: bool | None = None
    PASSWORD_HASH_METHOD = "scrypt"
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    # A register of 20,000 members with its production units is about 3 MB of CSV.
    MEMBER_IMPORT_MAX_MB = 10
    BABEL_DEFAULT_LOCALE = SOURCE_LANGUAGE
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    LANGUAGES = available_languages()
    # Login limits: counters shared by all workers and hosts, so in production a Redis URI
    # (create_app refuses memory:// outside development unless COOP_ONE_PROCESS=1 says that a
    # single process serves coop). README, "Running it for real", explains the figures.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ONE_PROCESS = os.environ.get("COOP_ONE_PROCESS") == "1"
    RATELIMIT_HEADERS_ENABLED = False
    LOGIN_LIMIT_PER_PERSON_AND_ADDRESS = os.environ.get(
        "COOP_LOGIN_FAILURE_LIMIT", "5 per 15 minutes"
    )
    PIN_LIMIT_PER_MEMBER = "20 per day"
    PASSWORD_LIMIT_PER_ACCOUNT = "20 per hour"
    LOGIN_LIMIT_PER_ADDRESS = "10 per 5 minutes"
    PIN_LIMIT_PER_ORGANIZATION = "100 per hour; 300 per day"
    # After the secretary lifts a member's lock, the member's attempts pass the counters shared
    # with others (address, organization) for this long.
    LOGIN_DESK_PASS_MINUTES = 15
    # Sessions: an idle timeout and an absolute lifetime, shorter for the e-mail accounts
    # (board, secretary, certifiers) than for members, who vote from their own phones.
    BOARD_SESSION_IDLE = timedelta(hours=2)
    BOARD_SESSION_LIFETIME = timedelta(hours=12)
    MEMBER_SESSION_IDLE = timedelta(days=1)
    MEMBER_SESSION_LIFETIME = timedelta(days=7)
    # The cookie outlives no session: the longest lifetime above.
    PERMANENT_SESSION_LIFETIME = timedelta(days=7)
    # The cookie is signed and sent again only when it changes, not on every answer: its
    # last-used time is renewed at most once a minute (coop.auth.sessions), which keeps an
    # active person's cookie alive, and the server ends sessions anyway. A ballot's answer
    # on 2G carries no Set-Cookie, and the server signs nothing it need not.
    SESSION_REFRESH_EACH_REQUEST = False
    # Behind nginx or another proxy: how many of them set X-Forwarded-For and -Proto, so
    # that limits count the visitor's address, not the proxy's.
    PROXIES = int(os.environ.get("COOP_PROXIES", "0") or 0)
    # Optional: a PEM key and certificate with which signed minutes and the books are sealed
    # (PAdES), so that a PDF reader shows whether the file is untouched.
    PDF_SIGNING_KEY = os.environ.get("COOP_PDF_SIGNING_KEY")
    PDF_SIGNING_CERT = os.environ.get("COOP_PDF_SIGNING_CERT")
    PDF_SIGNING_PASSPHRASE = os.environ.get("COOP_PDF_SIGNING_PASSPHRASE")


def shared_limits_problem(config: Mapping[str, Any]) -> str | None:
    """Why the login limits would not hold as configured, or None. Each process counts alone
    in memory://, so several gunicorn workers or hosts would each allow the full limit."""
    if config.get("DEVELOPMENT") or config.get("TESTING") or config.get("RATELIMIT_ONE_PROCESS"):
        return None
    if not str(config.get("RATELIMIT_STORAGE_URI") or "memory://").startswith("memory://"):
        return None
    return (
        "RATELIMIT_STORAGE_URI is memory://: each worker would count login attempts alone. "
        "Point it at Redis (redis://127.0.0.1:6379), or set COOP_ONE_PROCESS=1 if exactly one "
        "process serves coop."
    )
