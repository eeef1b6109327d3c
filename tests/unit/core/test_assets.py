import os

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


def test_in_debug_an_edited_file_gets_a_new_hash(tmp_path):
    sheet = tmp_path / "a.css"
    sheet.write_text("body{}")
    with _app(tmp_path, debug=True).app_context():
        first = content_hash("a.css")
        _rewrite(sheet, "body{color:red}")
        assert content_hash("a.css") not in (None, first)


def test_in_production_a_file_is_hashed_once_per_process(tmp_path):
    sheet = tmp_path / "b.css"
    sheet.write_text("body{}")
    with _app(tmp_path, debug=False).app_context():
        first = content_hash("b.css")
        _rewrite(sheet, "body{color:red}")
        assert first is not None and content_hash("b.css") == first


def test_no_hash_for_a_missing_file_or_a_path_outside_the_folder(tmp_path):
    with _app(tmp_path, debug=False).app_context():
        assert content_hash("missing.css") is None
        assert content_hash("../etc/passwd") is None
