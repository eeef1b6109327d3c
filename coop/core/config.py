"""Configuration: defaults for development, overridden by environment and by tests."""

import os
from pathlib import Path

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
    # Rate-limit counters must be shared by all workers: point this at Redis in production.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = False
    LOGIN_FAILURE_LIMIT = os.environ.get("COOP_LOGIN_FAILURE_LIMIT", "5 per 15 minutes")
    LOGIN_FAILURE_LIMIT_PER_ADDRESS = "100 per 15 minutes"
    # Optional: a PEM key and certificate with which signed minutes and the books are sealed
    # (PAdES), so that a PDF reader shows whether the file is untouched.
    PDF_SIGNING_KEY = os.environ.get("COOP_PDF_SIGNING_KEY")
    PDF_SIGNING_CERT = os.environ.get("COOP_PDF_SIGNING_CERT")
    PDF_SIGNING_PASSPHRASE = os.environ.get("COOP_PDF_SIGNING_PASSPHRASE")
