"""Numbers in sentences are written as the reader writes them."""

import pytest
from flask import render_template_string
from flask_babel import force_locale

from coop.core.i18n import ngettext


@pytest.mark.parametrize(
    ("locale", "written"), [("es", "4.390"), ("pt_BR", "4.390"), ("en", "4,390")]
)
def test_counts_in_template_sentences_follow_the_reader(app, locale, written):
    template = (
        "{{ ngettext('%(num)s member missing', '%(num)s members missing', 4390) }}"
        " | {{ _('%(n)s of %(total)s', n=4390, total=10000) }} | {{ _('call %(n)s', n=True) }}"
    )
    with app.test_request_context(), force_locale(locale):
        text = render_template_string(template)
        in_code = ngettext("%(num)s member", "%(num)s members", 4390)
    assert text.startswith(f"{written} members missing | {written} of 10")
    assert text.endswith("call True")  # not a count
    assert in_code.startswith(written)


def test_names_in_sentences_are_still_escaped(app):
    with app.test_request_context():
        text = render_template_string("{{ _('Hello %(name)s', name='<b>Ana</b>') }}")
    assert text == "Hello &lt;b&gt;Ana&lt;/b&gt;"
