"""Forms for assemblies: creation, agenda, convening, attendance, proxies, cancelling."""

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from coop.assemblies.models import AssemblyKind, ItemKind, NoticeChannel
from coop.core.i18n import _, _l
from coop.core.labels import choices
from coop.statutes.rules import DecisionKind


class AssemblyForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=choices(AssemblyKind), validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    date = DateField(_l("Date"), validators=[InputRequired()])
    time = TimeField(_l("Time of the first call"), validators=[InputRequired()])
    place = StringField(_l("Place"), validators=[DataRequired(), Length(max=200)])

    def validate_date(self, field: DateField) -> None:
        if field.data is not None and not 1990 <= field.data.year <= 2100:
            raise ValidationError(_("Choose a date between 1990 and 2100."))


class AgendaItemForm(FlaskForm):
    title = StringField(_l("Agenda item"), validators=[DataRequired(), Length(max=300)])
    kind = SelectField(_l("Kind"), choices=choices(ItemKind), validators=[DataRequired()])
    decision_kind = SelectField(
        _l("Majority that applies"),
        choices=choices(DecisionKind, "decision."),
        description=_l("For decisions and elections: the statute's majority for this kind."),
    )


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ConveneForm(FlaskForm):
    notice_given_on = DateField(_l("Notice given on"), validators=[InputRequired()])
    channels = CheckboxesField(
        _l("How the notice was published"), choices=choices(NoticeChannel, "channel.")
    )
    notes = StringField(
        _l("Details"),
        validators=[Length(max=200)],
        description=_l("For example: Radio Comunitaria, Sunday 9:00; board at the office."),
    )


class CheckInForm(FlaskForm):
    number = StringField(
        _l("Member number or name"),
        validators=[DataRequired(), Length(max=120)],
        description=_l("A barcode reader on the member card types the number for you."),
    )


class PaperSheetForm(FlaskForm):
    numbers = TextAreaField(
        _l("Member numbers on the signed sheet"),
        # 10,000 numbers of up to ten characters, with their separators.
        validators=[DataRequired(), Length(max=120_000)],
    )
    time = TimeField(_l("Time of arrival"), validators=[InputRequired()])


class ProxyForm(FlaskForm):
    holder = StringField(_l("Member present (number)"), validators=[DataRequired(), Length(max=20)])
    represented = StringField(
        _l("Member represented (number)"), validators=[DataRequired(), Length(max=20)]
    )
    document = StringField(
        _l("Written proxy"),
        validators=[Length(max=200)],
        description=_l("Where the signed proxy is kept, or its number."),
    )


class CancelForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500)])


_COUNT = [InputRequired(), NumberRange(min=0, max=100_000)]


class ProposeItemForm(AgendaItemForm):
    yes = IntegerField(_l("Yes"), validators=_COUNT)
    no = IntegerField(_l("No"), validators=_COUNT)
    abstain = IntegerField(_l("Abstain"), validators=_COUNT)
