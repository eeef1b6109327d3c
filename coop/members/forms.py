"""The member form."""

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Regexp

from coop.i18n import _l
from coop.labels import choices
from coop.members.rules import MemberStatus, Sex


class MemberForm(FlaskForm):
    number = StringField(
        _l("Member number"),
        validators=[
            DataRequired(),
            Length(max=20),
            Regexp(r"^[\w-]+$", message=_l("Use letters, digits and dashes only.")),
        ],
    )
    given_names = StringField(_l("Given names"), validators=[DataRequired(), Length(max=120)])
    surnames = StringField(_l("Surnames"), validators=[DataRequired(), Length(max=120)])
    sex = SelectField(_l("Sex"), choices=choices(Sex), validators=[DataRequired()])
    community = StringField(_l("Community"), validators=[Length(max=120)])
    joined_on = DateField(_l("Join date"), validators=[InputRequired()])
    status = SelectField(_l("Status"), choices=choices(MemberStatus), validators=[DataRequired()])
