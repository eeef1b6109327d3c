"""Ballot options: pictogram, colour and words; a motion's defaults, and a choice's own."""

import re
from types import SimpleNamespace

from flask import render_template_string
from flask_babel import force_locale

MACROS = '{% from "_macros/ballot.html" import option_pick, option_mark %}'


def _option(**values) -> SimpleNamespace:
    return SimpleNamespace(**{"id": 7, "key": None, "label": "", "pictogram": "", **values})


def _render(app, call: str, option: SimpleNamespace, locale: str = "en") -> str:
    with app.test_request_context(), force_locale(locale):
        return " ".join(render_template_string(MACROS + call, option=option).split())


def test_yes_no_abstain_have_their_pictogram_colour_and_words_in_the_readers_language(app):
    for key, colour, drawing, word in [
        ("yes", "green", "M4 12.5l5 5L20 6.5", "Sim"),
        ("no", "red", "M5 5l14 14M19 5L5 19", "Não"),
        ("abstain", "neutral", "<circle", "Abstenção"),
    ]:
        option = _option(key=key, label="Sí", pictogram=key, colour=colour)
        html = _render(app, "{{ option_pick(option) }}", option, "pt_BR")
        assert f'class="choice colour-{colour}"' in html and drawing in html
        assert f"<span>{word}</span>" in html  # the reader's word, not the record's
        # Its confirmation names it, and the button casts it.
        assert f'name="choice" value="{key}"' in html and f"{word.upper()}</strong>" in html


def test_an_option_of_its_own_takes_the_pictogram_and_colour_given(app):
    option = _option(label="Ana", pictogram="star", colour="purple")
    html = _render(app, "{{ option_pick(option) }}", option)
    assert 'class="choice colour-purple"' in html and "<span>Ana</span>" in html
    assert 'name="option" value="7"' in html and "M12 3.5l2.6" in html
    mark = _render(app, "{{ option_mark(option) }}", option)
    assert re.search(r'<strong class="mark colour-purple">\s*<svg .*</svg> ANA</strong>', mark)
