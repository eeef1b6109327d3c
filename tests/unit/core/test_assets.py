import os

import pytest
from flask import Flask

from coop.core.assets import content_hash


def _app(tmp_path, debug: bool) -> Flask:
    app = Flask("assets_test", static_folder=str(tmp_path))
    app.debug = debug
    return app


def _rewrite(path, text: str) -> None:
    path.write_text(text)
    stat = path.stat()  # a new modification time even within the clock's resolution
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


@pytest.mark.parametrize("debug", [True, False])
def test_an_edited_file_gets_a_new_hash_in_debug_only(tmp_path, debug):
    """In debug, whenever the file changes; in production, once per process."""
    sheet = tmp_path / f"{debug}.css"
    sheet.write_text("body{}")
    with _app(tmp_path, debug).app_context():
        first = content_hash(sheet.name)
        _rewrite(sheet, "body{color:red}")
        again = content_hash(sheet.name)
    assert first is not None and again is not None
    assert (again != first) is debug


def test_no_hash_for_a_missing_file_or_a_path_outside_the_folder(tmp_path):
    with _app(tmp_path, debug=False).app_context():
        assert content_hash("missing.css") is None
        assert content_hash("../etc/passwd") is None
