"""Forms of the certifiers' page."""

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from coop.core.i18n import _l, language_names


class LimitsForm(FlaskForm):
    period_from = DateField(
        _l("Periods from"),
        validators=[Optional()],
        description=_l("Leave both dates empty to let the certifier see every period."),
    )
    period_until = DateField(_l("Periods until"), validators=[Optional()])
    report_locale = SelectField(_l("Language of their evidence report"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        codes = tuple(current_app.config["LANGUAGES"])
        self.report_locale.choices = list(language_names(codes).items())


class TokenForm(FlaskForm):
    access_id = SelectField(_l("Certifier"), coerce=int, validators=[DataRequired()])
    label = StringField(_l("What the token is for"), validators=[Length(max=100)])
    expires_on = DateField(
        _l("Token valid until"),
        validators=[Optional()],
        description=_l("Empty: until the certifier's access ends."),
    )
