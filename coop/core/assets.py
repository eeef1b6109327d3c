"""What crosses a weak line: compressed responses, and static files under content-hashed
URLs, which browsers keep for a year without asking.

On a 2G line every request costs its latency: a stylesheet served `no-cache` is asked for
again on every page. Its URL carries the hash of its content instead, so a new version is a
new URL and the old one may be kept for good.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, request, url_for
from werkzeug.security import safe_join
from werkzeug.wrappers import Response

from coop.core.extensions import compress

IMMUTABLE = "public, max-age=31536000, immutable"


@lru_cache(maxsize=64)
def _digest(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


@lru_cache(maxsize=64)
def _digest_once(folder: str, filename: str) -> str | None:
    return _current_digest(folder, filename)


def _current_digest(folder: str, filename: str) -> str | None:
    path = safe_join(folder, filename)
    if path is None:
        return None
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return _digest(path, stat.st_mtime_ns, stat.st_size)


def content_hash(filename: str) -> str | None:
    """The short hash of a static file's content, or None if there is no such file. Found
    once per process; in debug, again whenever the file changes (by its modification time
    and size), so that an edited file gets a new URL without a restart."""
    folder = current_app.static_folder
    if not folder:
        return None
    if current_app.debug:
        return _current_digest(folder, filename)
    return _digest_once(folder, filename)


def static_url(filename: str) -> str:
    """The URL of a static file with its content hash, to be cached as immutable."""
    return url_for("static", filename=filename, v=content_hash(filename))


def init_app(app: Flask) -> None:
    """Compress responses, offer `static_url` to templates, cache hashed static files."""
    # Pages of a few KB: Brotli at 5 and gzip (what phones ask for over plain HTTP) come out
    # smaller than zstd at its default level.
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip", "deflate"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    compress.init_app(app)
    app.add_template_global(static_url)

    @app.after_request
    def cache_hashed_static(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code not in (200, 304):
            return response
        if response.status_code == 200:
            # Read the small file now, so that compression gets a body with a length (gzip,
            # which a phone on plain HTTP asks for) and the file is closed with the response.
            response.direct_passthrough = False
            response.make_sequence()
        wanted = request.args.get("v")
        filename = (request.view_args or {}).get("filename", "")
        # An old hash after a deployment gets today's file, revalidated as usual.
        if wanted and wanted == content_hash(filename):
            response.headers["Cache-Control"] = IMMUTABLE
        return response
