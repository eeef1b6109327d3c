"""The form for the free text of draft minutes."""

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

from coop.core.i18n import _l
from coop.minutes.services import MAX_TEXT


class MinutesForm(FlaskForm):
    opening = TextAreaField(_l("Opening"), validators=[Length(max=MAX_TEXT)])
    closing = TextAreaField(_l("Closing"), validators=[Length(max=MAX_TEXT)])
