"""Forms of voting: setting up a vote, a show of hands on a motion, counts, a tie, a ballot."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from coop.core.i18n import _l
from coop.core.labels import choices
from coop.statutes.rules import Position
from coop.voting.rules import Channel, ElectionMethod, VoteKind

_COUNT = [InputRequired(), NumberRange(min=0, max=100_000)]


class ShowOfHandsForm(FlaskForm):
    yes = IntegerField(_l("Yes"), validators=_COUNT)
    no = IntegerField(_l("No"), validators=_COUNT)
    abstain = IntegerField(_l("Abstain"), validators=_COUNT)


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class VoteSetupForm(FlaskForm):
    kind = SelectField(_l("What is decided"), choices=choices(VoteKind))
    question = StringField(
        _l("Question"),
        validators=[Length(max=300)],
        description=_l("Empty: the agenda item's title."),
    )
    options = TextAreaField(
        _l("Options, one per line"),
        validators=[Length(max=6000)],
        description=_l(
            "For an election: the candidates' member numbers, one per line. A pictogram and a "
            "colour may follow: Solar dryer | star | green. Pictograms: circle, square, "
            "triangle, star, diamond, heart; colours: blue, orange, purple, brown, green, red."
        ),
    )
    channels = CheckboxesField(
        _l("How members vote"),
        choices=choices(Channel),
        default=[Channel.ELECTRONIC.value],
    )
    secret = BooleanField(_l("Secret ballot"))
    seats = IntegerField(
        _l("Seats to fill"), default=1, validators=[Optional(), NumberRange(1, 30)]
    )
    method = SelectField(_l("How candidates are marked"), choices=choices(ElectionMethod))
    position = SelectField(
        _l("Position"),
        choices=[SelectChoice("", "—"), *choices(Position, "position.")],
        validators=[Optional()],
    )


class CountsForm(FlaskForm):
    """The counts' fields depend on the vote's options and are read by the view."""

    voters = TextAreaField(
        _l("Members who put a paper ballot in the box (numbers)"),
        validators=[Length(max=120_000)],
    )


class TieForm(FlaskForm):
    note = StringField(
        _l("How the lots were drawn, and who drew them"), validators=[Length(max=500)]
    )


class BallotForm(FlaskForm):
    """A ballot's marks are the buttons and boxes of the question's page, read by the view;
    the form guards the post (CSRF)."""
