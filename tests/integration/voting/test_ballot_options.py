"""Ballot options: pictogram, colour and word; defaults for yes, no and abstain."""

import re

from flask import render_template_string

MACROS = '{% from "_macros/ballot.html" import option_button, option_mark %}'


def _render(app, call: str) -> str:
    with app.test_request_context():
        return " ".join(render_template_string(MACROS + call).split())


def test_yes_no_abstain_have_their_pictogram_colour_and_word(app):
    for value, colour, drawing in [
        ("yes", "green", "M4 12.5l5 5L20 6.5"),
        ("no", "red", "M5 5l14 14M19 5L5 19"),
        ("abstain", "neutral", "<circle"),
    ]:
        html = _render(app, f"{{{{ option_button('{value}', 'Word') }}}}")
        assert f'value="{value}" class="choice colour-{colour}"' in html
        assert drawing in html and "<span>Word</span>" in html


def test_an_option_of_its_own_takes_the_pictogram_and_colour_given(app):
    html = _render(app, "{{ option_button('candidate-1', 'Ana', pictogram='yes', colour='red') }}")
    assert 'class="choice colour-red"' in html and "M4 12.5l5 5L20 6.5" in html
    mark = _render(app, "{{ option_mark('no', 'Não') }}")
    assert re.search(
        r'<strong class="mark colour-red">\s*<svg .*M5 5l14 14.*</svg> NÃO</strong>', mark
    )
