"""The form for a statute version: every rule of StatuteRules, one field each."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    ValidationError,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from coop.core.i18n import _, _l
from coop.core.labels import choices
from coop.statutes.rules import (
    Basis,
    CallRule,
    DecisionKind,
    Eligibility,
    MajorityRule,
    Share,
    StatuteRules,
)

_SMALL = [Optional(), NumberRange(min=1, max=1000)]


class ShareMixin:
    def share(self) -> Share | None:
        if not self.numerator.data or not self.denominator.data:  # type: ignore[attr-defined]
            return None
        return Share(self.numerator.data, self.denominator.data, self.more_than.data)  # type: ignore[attr-defined]

    def check_share(self) -> None:
        numerator, denominator = self.numerator.data, self.denominator.data  # type: ignore[attr-defined]
        if bool(numerator) != bool(denominator):
            raise ValidationError(_("Give both parts of the fraction, or neither."))
        if numerator and numerator > denominator:
            raise ValidationError(_("A fraction of members cannot be above 1."))


class CallForm(Form, ShareMixin):
    enabled = BooleanField(_l("This call exists"))
    numerator = IntegerField(_l("Members: numerator"), validators=_SMALL)
    denominator = IntegerField(_l("denominator"), validators=_SMALL)
    more_than = BooleanField(_l("more than (plus one)"))
    min_count = IntegerField(_l("At least this many members"), validators=_SMALL)
    minutes_after_previous = IntegerField(
        _l("Minutes after the previous call"),
        validators=[Optional(), NumberRange(min=0, max=60 * 24 * 60)],
    )

    def validate_numerator(self, field: IntegerField) -> None:
        self.check_share()


class MajorityForm(Form, ShareMixin):
    numerator = IntegerField(_l("numerator"), validators=[InputRequired(), NumberRange(1, 1000)])
    denominator = IntegerField(
        _l("denominator"), validators=[InputRequired(), NumberRange(1, 1000)]
    )
    more_than = BooleanField(_l("more than (plus one)"))
    basis = SelectField(_l("of"), choices=choices(Basis))
    quorum_numerator = IntegerField(_l("Also needs in the room: numerator"), validators=_SMALL)
    quorum_denominator = IntegerField(_l("denominator"), validators=_SMALL)

    def validate_numerator(self, field: IntegerField) -> None:
        self.check_share()

    def validate_quorum_numerator(self, field: IntegerField) -> None:
        numerator, denominator = field.data, self.quorum_denominator.data
        if bool(numerator) != bool(denominator):
            raise ValidationError(_("Give both parts of the fraction, or neither."))
        if numerator and numerator > denominator:
            raise ValidationError(_("A fraction of members cannot be above 1."))

    def quorum_share(self) -> Share | None:
        if not self.quorum_numerator.data or not self.quorum_denominator.data:
            return None
        return Share(self.quorum_numerator.data, self.quorum_denominator.data)


class StatuteForm(FlaskForm):
    effective_from = DateField(_l("In force from"), validators=[InputRequired()])
    source = StringField(
        _l("Source"),
        validators=[Length(max=300)],
        description=_l("For example: statute art. 25, reformed by the assembly of 14/03/2024."),
    )
    notice_min_days = IntegerField(
        _l("Shortest notice (days)"), validators=[InputRequired(), NumberRange(0, 365)]
    )
    notice_max_days = IntegerField(
        _l("Longest notice (days)"), validators=[Optional(), NumberRange(0, 365)]
    )
    eligibility = SelectField(_l("Who may vote"), choices=choices(Eligibility, "eligibility."))
    proxies_per_holder = IntegerField(
        _l("Proxies one member may carry (0: no proxies)"),
        validators=[InputRequired(), NumberRange(0, 20)],
    )
    proxy_document_required = BooleanField(_l("A written proxy is required"))
    delegates_per_members = IntegerField(
        _l("Delegate assemblies: one delegate per how many members"),
        validators=[Optional(), NumberRange(1, 100_000)],
    )
    calls = FieldList(FormField(CallForm), min_entries=3, max_entries=3)
    majorities = FieldList(FormField(MajorityForm), min_entries=5, max_entries=5)
    board_size = IntegerField(_l("Board members"), validators=[InputRequired(), NumberRange(1, 50)])
    board_term_years = IntegerField(
        _l("Board term (years)"), validators=[InputRequired(), NumberRange(1, 10)]
    )
    oversight_size = IntegerField(
        _l("Oversight committee members"), validators=[InputRequired(), NumberRange(1, 50)]
    )
    oversight_term_years = IntegerField(
        _l("Oversight term (years)"), validators=[InputRequired(), NumberRange(1, 10)]
    )

    def to_rules(self) -> StatuteRules:
        """The rules the form describes (after validation)."""
        calls = []
        for index, entry in enumerate(self.calls):
            call = entry.form
            if index > 0 and not call.enabled.data:
                break
            calls.append(
                CallRule(
                    call.share(), call.min_count.data or None, call.minutes_after_previous.data or 0
                )
            )
        majorities, decision_quorums = {}, {}
        for kind, entry in zip(DecisionKind, self.majorities, strict=True):
            share = entry.form.share()
            if share is not None:
                majorities[kind] = MajorityRule(share, Basis(entry.form.basis.data))
            if (quorum_share := entry.form.quorum_share()) is not None:
                decision_quorums[kind] = quorum_share
        return StatuteRules(
            notice_min_days=self.notice_min_days.data,
            notice_max_days=self.notice_max_days.data,
            calls=tuple(calls),
            majorities=majorities,
            decision_quorums=decision_quorums,
            eligibility=Eligibility(self.eligibility.data),
            proxies_per_holder=self.proxies_per_holder.data,
            proxy_document_required=self.proxy_document_required.data,
            delegates_per_members=self.delegates_per_members.data,
            board_size=self.board_size.data,
            board_term_years=self.board_term_years.data,
            oversight_size=self.oversight_size.data,
            oversight_term_years=self.oversight_term_years.data,
        )


def form_data(rules: StatuteRules) -> dict[str, object]:
    """Initial form values from a set of rules."""

    def share(s: Share | None) -> dict[str, object]:
        if s is None:
            return {"numerator": None, "denominator": None, "more_than": False}
        return {"numerator": s.numerator, "denominator": s.denominator, "more_than": s.more_than}

    calls = [
        {
            "enabled": True,
            **share(c.share),
            "min_count": c.min_count,
            "minutes_after_previous": c.minutes_after_previous,
        }
        for c in rules.calls
    ]
    calls += [{"enabled": False, "minutes_after_previous": 60}] * (3 - len(calls))
    return {
        "notice_min_days": rules.notice_min_days,
        "notice_max_days": rules.notice_max_days,
        "eligibility": rules.eligibility.value,
        "proxies_per_holder": rules.proxies_per_holder,
        "proxy_document_required": rules.proxy_document_required,
        "delegates_per_members": rules.delegates_per_members,
        "calls": calls,
        "majorities": [
            {
                **share(rules.majority(kind).share),
                "basis": rules.majority(kind).basis.value,
                "quorum_numerator": q.numerator
                if (q := rules.decision_quorums.get(kind))
                else None,
                "quorum_denominator": q.denominator if q else None,
            }
            for kind in DecisionKind
        ],
        "board_size": rules.board_size,
        "board_term_years": rules.board_term_years,
        "oversight_size": rules.oversight_size,
        "oversight_term_years": rules.oversight_term_years,
    }
