"""Forms to create an assembly, add agenda items, convene and check members in."""

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from coop.assemblies.models import AssemblyKind, ItemKind
from coop.i18n import _, _l
from coop.labels import choices


class AssemblyForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=choices(AssemblyKind), validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    date = DateField(_l("Date"), validators=[InputRequired()])
    time = TimeField(_l("Time"), validators=[InputRequired()])
    place = StringField(_l("Place"), validators=[DataRequired(), Length(max=200)])

    def validate_date(self, field: DateField) -> None:
        if field.data is not None and not 1990 <= field.data.year <= 2100:
            raise ValidationError(_("Choose a date between 1990 and 2100."))


class AgendaItemForm(FlaskForm):
    title = StringField(_l("Agenda item"), validators=[DataRequired(), Length(max=300)])
    kind = SelectField(_l("Kind"), choices=choices(ItemKind), validators=[DataRequired()])


class ConveneForm(FlaskForm):
    notice_given_on = DateField(_l("Notice given on"), validators=[InputRequired()])
    channel = StringField(
        _l("How the notice was published"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("For example: posted at the office, community radio, messaging group."),
    )


class CheckInForm(FlaskForm):
    number = StringField(_l("Member number"), validators=[DataRequired(), Length(max=20)])
