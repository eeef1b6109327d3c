"""Forms of the minutes: their free text, an addendum, who signs them."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from coop.core.i18n import _l
from coop.minutes.rules import MAX_MEMBER_SIGNERS
from coop.minutes.services import MAX_TEXT


class MinutesForm(FlaskForm):
    opening = TextAreaField(_l("Opening"), validators=[Length(max=MAX_TEXT)])
    closing = TextAreaField(_l("Closing"), validators=[Length(max=MAX_TEXT)])


class AddendumForm(FlaskForm):
    text = TextAreaField(
        _l("Text of the addendum"), validators=[DataRequired(), Length(max=MAX_TEXT)]
    )


class SettingsForm(FlaskForm):
    member_signers = IntegerField(
        _l("Members the statute names to sign"),
        validators=[InputRequired(), NumberRange(0, MAX_MEMBER_SIGNERS)],
    )
    basis = StringField(_l("Where the statute says so (article)"), validators=[Length(max=200)])
