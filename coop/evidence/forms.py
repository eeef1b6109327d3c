"""The evidence settings form."""

from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange, Optional

from coop.core.i18n import _l


class SettingsForm(FlaskForm):
    year_end_month = IntegerField(
        _l("Month the financial year closes (1–12)"),
        validators=[InputRequired(), NumberRange(1, 12)],
    )
    year_end_day = IntegerField(
        _l("Day of that month"), validators=[InputRequired(), NumberRange(1, 31)]
    )
    ordinary_within_days = IntegerField(
        _l("Days after the year closes within which the ordinary assembly meets"),
        validators=[InputRequired(), NumberRange(1, 730)],
        description=_l("The law's or the statute's window: 90 in Brazil, 180 in Uruguay."),
    )
    small_producer_percent = IntegerField(
        _l("Share of members who must be small producers (%)"),
        validators=[InputRequired(), NumberRange(0, 100)],
        description=_l("Of the members whose production is recorded."),
    )
    board_renewal_percent = IntegerField(
        _l("Share of board seats each election must renew (%)"),
        validators=[Optional(), NumberRange(0, 100)],
        description=_l("Empty when the statute sets no such rule (Brazil: at least a third)."),
    )
