"""Login, password, account and invitation forms."""

from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, Regexp

from coop.auth.accounts import STAFF_ROLES
from coop.core.i18n import _l
from coop.core.labels import LABELS


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


class AccountForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(r.value, LABELS[r.value]) for r in STAFF_ROLES],
        validators=[DataRequired()],
    )
    expires_on = DateField(
        _l("Access until"),
        validators=[Optional()],
        description=_l("Required for a certifier: the access ends after this day."),
    )


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    new = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(),
            Length(min=10, max=200, message=_l("Use between 10 and 200 characters.")),
        ],
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new", message=_l("The two passwords differ."))],
    )


class NewAccountForm(FlaskForm):
    """An invited person without an account chooses their password."""

    new = PasswordField(
        _l("Choose a password"),
        validators=[
            DataRequired(),
            Length(min=10, max=200, message=_l("Use between 10 and 200 characters.")),
        ],
    )
    confirm = PasswordField(
        _l("The password again"),
        validators=[DataRequired(), EqualTo("new", message=_l("The two passwords differ."))],
    )
