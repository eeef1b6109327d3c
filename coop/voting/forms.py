"""Forms to record a show of hands and to cast a ballot."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField
from wtforms.validators import InputRequired, NumberRange

from coop.core.i18n import _l
from coop.core.labels import choices
from coop.voting.rules import Choice

_COUNT = [InputRequired(), NumberRange(min=0, max=100_000)]


class ShowOfHandsForm(FlaskForm):
    yes = IntegerField(_l("Yes"), validators=_COUNT)
    no = IntegerField(_l("No"), validators=_COUNT)
    abstain = IntegerField(_l("Abstain"), validators=_COUNT)


class BallotForm(FlaskForm):
    choice = RadioField(_l("Your vote"), choices=choices(Choice), validators=[InputRequired()])
