"""Every catalogue (Spanish, Portuguese, French...) is complete, and compiled as it stands."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# Every catalogue in the folder: a new language is tested as soon as it exists.
LANGS = sorted(po.parent.parent.name for po in ROOT.glob("translations/*/LC_MESSAGES/messages.po"))


def _catalog(lang: str):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=lang)


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_is_translated_with_the_same_placeholders(lang):
    catalog = _catalog(lang)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if set(PLACEHOLDER.findall(string)) != wanted:
                problems.append(f"placeholders differ: {ids[0]!r} -> {string!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_holds_every_message_of_the_code(lang, tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with open(pot, "rb") as f:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    catalog = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog(lang) if m.id}
    missing = sorted(template - catalog)
    assert not missing, f"run `flask translate update` and translate: {missing}"


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_catalog_matches_the_source(lang):
    def key(message):
        # read_mo gives plural ids and strings as lists, read_po as tuples.
        as_tuple = lambda v: tuple(v) if isinstance(v, list | tuple) else v  # noqa: E731
        return as_tuple(message.id), as_tuple(message.string)

    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.mo", "rb") as f:
        compiled = dict(key(m) for m in read_mo(f) if m.id)
    source = dict(key(m) for m in _catalog(lang) if m.id and not m.fuzzy)
    assert compiled == source, "run `flask translate compile`"
