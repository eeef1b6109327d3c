"""Login forms."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from coop.i18n import _l


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class MemberLoginForm(FlaskForm):
    number = StringField(_l("Member number"), validators=[DataRequired(), Length(max=20)])
    pin = PasswordField(
        _l("PIN"),
        validators=[
            DataRequired(),
            Regexp(
                r"^\d{4,8}$", message=_l("The PIN is the 4 to 8 digits the secretary gave you.")
            ),
        ],
    )
