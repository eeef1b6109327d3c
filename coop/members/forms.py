"""Forms of the member register."""

from decimal import Decimal

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    Field,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from coop.core.i18n import _, _l
from coop.core.labels import choices
from coop.members.columns import AREA_MAX, VOLUME_MAX, CellError, parse_decimal
from coop.members.rules import MIN_YEAR_OF_BIRTH, MemberStatus, Product, Sex


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
    national_id = StringField(_l("National ID"), validators=[Optional(), Length(max=40)])
    sex = SelectField(_l("Sex"), choices=choices(Sex), validators=[DataRequired()])
    birth_date = DateField(_l("Date of birth"), validators=[Optional()])
    birth_year = IntegerField(
        _l("Year of birth"),
        validators=[Optional(), NumberRange(min=MIN_YEAR_OF_BIRTH, max=2100)],
        description=_l("When the exact date is not known."),
    )
    community = StringField(_l("Community"), validators=[Length(max=120)])
    group_name = StringField(_l("Group or section"), validators=[Length(max=120)])
    phone = StringField(_l("Phone"), validators=[Length(max=40)])
    joined_on = DateField(_l("Join date"), validators=[InputRequired()])
    admission_decision = StringField(
        _l("Admission decision"),
        validators=[Length(max=200)],
        description=_l("For example: minutes no. 12 of the board, 14/03/2019."),
    )


class NewMemberForm(MemberForm):
    in_good_standing = BooleanField(
        _l("In good standing from the join date"),
        description=_l(
            "Up to date with dues and obligations, where the statute asks it. Later changes "
            "are recorded with their dates on the member's page."
        ),
        default=True,
    )


class StatusForm(FlaskForm):
    status = SelectField(
        _l("New status"), choices=choices(MemberStatus), validators=[DataRequired()]
    )
    effective_on = DateField(_l("Effective from"), validators=[InputRequired()])
    reason = StringField(_l("Reason"), validators=[Length(max=500)])
    decision = StringField(
        _l("Decision"),
        validators=[Length(max=200)],
        description=_l("The minutes or resolution behind this change."),
    )


class CompleteDateForm(FlaskForm):
    effective_on = DateField(_l("Date of the status"), validators=[InputRequired()])
    decision = StringField(
        _l("Decision"),
        validators=[Length(max=200)],
        description=_l("The minutes or resolution behind this change."),
    )


STANDING_KINDS = [
    SelectChoice("dues", _l("Dues paid up to a date")),
    SelectChoice("good", _l("Board decision: in good standing")),
    SelectChoice("not_good", _l("Board decision: not in good standing")),
]


class StandingForm(FlaskForm):
    kind = SelectField(_l("What is recorded"), choices=STANDING_KINDS)
    starts_on = DateField(_l("From"), validators=[InputRequired()])
    ends_on = DateField(
        _l("Until"),
        validators=[Optional()],
        description=_l("For dues, the day they are paid up to. Empty: until further notice."),
    )
    reference = StringField(
        _l("Receipt or decision"),
        validators=[Length(max=200)],
        description=_l("For example: receipt 1043, or minutes no. 40 of the board."),
    )


class EmploymentForm(FlaskForm):
    starts_on = DateField(_l("Employed from"), validators=[InputRequired()])
    ends_on = DateField(
        _l("Last day of the job"), validators=[Optional()], description=_l("Empty: still employed.")
    )
    position = StringField(
        _l("Position"),
        validators=[Length(max=120)],
        description=_l("For example: warehouse keeper, or accountant."),
    )
    accounts_approved_on = DateField(
        _l("Accounts of the year the job ended approved on"),
        validators=[Optional()],
        description=_l(
            "Only when they were approved without coop; an accounts vote adopted in an assembly "
            "held here counts by itself."
        ),
    )


class EmploymentEndForm(FlaskForm):
    """The end of an employment, or the approval of that year's accounts, recorded later."""

    ends_on = DateField(_l("Last day of the job"), validators=[Optional()])
    accounts_approved_on = DateField(
        _l("Accounts of the year the job ended approved on"), validators=[Optional()]
    )


class LocalDecimalField(StringField):
    """A number typed with a decimal comma or point, as people write it."""

    def __init__(self, label: str, high: Decimal, **kwargs: object) -> None:
        super().__init__(label, **kwargs)
        self.high = high

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if raw:
            try:
                self.data = parse_decimal(raw, Decimal(0), self.high)
            except CellError as error:
                self.data = None
                raise ValueError(
                    _("Not a number.")
                    if error.code == "bad_decimal"
                    else _(
                        "The number must be between %(low)s and %(high)s.", low=0, high=self.high
                    )
                ) from None

    def pre_validate(self, form: Form) -> None:
        return None


PRODUCT_CHOICES = [SelectChoice("", "—"), *choices(Product)]


class UnitForm(Form):
    product = SelectField(_l("Product"), choices=PRODUCT_CHOICES)
    total_area_ha = LocalDecimalField(_l("Total area (ha)"), AREA_MAX)
    product_area_ha = LocalDecimalField(_l("Area under the product (ha)"), AREA_MAX)
    hives = IntegerField(_l("Hives"), validators=[Optional(), NumberRange(min=0, max=100_000)])
    organic = BooleanField(_l("Organic"))
    spp = BooleanField(_l("SPP"))
    fair_trade = BooleanField(_l("Fair trade"))
    yearly_volume_kg = LocalDecimalField(_l("Yearly volume (kg)"), VOLUME_MAX)

    def validate_product(self, field: Field) -> None:
        others = [
            self.total_area_ha.data,
            self.product_area_ha.data,
            self.hives.data,
            self.yearly_volume_kg.data,
        ]
        if not field.data and any(v is not None for v in others):
            raise ValidationError(_("A production unit needs its product."))


class UnitsForm(FlaskForm):
    units = FieldList(FormField(UnitForm), min_entries=1, max_entries=20)


class ImportForm(FlaskForm):
    file = FileField(
        _l("Spreadsheet (CSV or XLSX)"),
        validators=[FileRequired(message=_l("Choose a file."))],
    )
