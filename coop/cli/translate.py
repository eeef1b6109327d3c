"""`flask translate`: extract, update and compile the message catalogs with pybabel."""

import subprocess
import sys
from pathlib import Path

import click
from flask import Flask

from coop.core.config import ROOT

POT = ROOT / "translations" / "messages.pot"


def _pybabel(*args: str | Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", *map(str, args)], check=True, cwd=ROOT
    )


def register(app: Flask) -> None:
    """Add the `translate` command group to the app."""

    @app.cli.group()
    def translate() -> None:
        """Translation and localization commands."""

    @translate.command()
    def extract() -> None:
        """Extract messages from the code and templates into messages.pot."""
        _pybabel(
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "--no-location",
            "--sort-output",
            "-o",
            POT,
            ".",
        )

    @translate.command()
    def update() -> None:
        """Extract, then merge the new messages into every catalog."""
        extract.callback()  # type: ignore[misc]
        _pybabel(
            "update", "-i", POT, "-d", "translations", "--no-fuzzy-matching", "--ignore-obsolete"
        )

    @translate.command()
    @click.argument("lang")
    def init(lang: str) -> None:
        """Start the catalog of a new language, for example `fr`."""
        _pybabel("init", "-i", POT, "-d", "translations", "-l", lang)

    @translate.command()
    def compile() -> None:  # noqa: A001 - the command's name
        """Compile the catalogs to the .mo files the app reads."""
        _pybabel("compile", "-d", "translations", "--statistics")
