"""A live server for the session's app, and Debian's Chromium driven by Playwright."""

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
# Flags for a sandboxed machine with no network beyond this host.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("COOP_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core as pinned in package-lock.json, installed by scripts/browser-tools."""
    if not AXE.exists():
        if os.environ.get("COOP_REQUIRE_BROWSER"):
            pytest.fail(f"{AXE} is missing: run scripts/browser-tools")
        pytest.skip("axe-core is missing (scripts/browser-tools installs it)")
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: object, source: str) -> list[str]:
    """Run axe-core's default rules (WCAG 2 A and AA, best practices) on the page. The pages
    have no script of their own, but axe needs the browser's JavaScript (its timers): the
    page's context must have it on."""
    page.evaluate(source)  # type: ignore[attr-defined]
    found = page.evaluate(  # type: ignore[attr-defined]
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    return list(found)


def phone(browser: object, **options: object) -> object:
    """A new Chromium context with an empty cache, as a cheap Android phone in Brazil:
    360×640, Portuguese, touch, JavaScript off."""
    settings = {
        "viewport": {"width": 360, "height": 640},
        "locale": "pt-BR",
        "is_mobile": True,
        "has_touch": True,
        "java_script_enabled": False,
    }
    return browser.new_context(**{**settings, **options})  # type: ignore[attr-defined]
