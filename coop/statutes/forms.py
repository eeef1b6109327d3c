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
    SelectMultipleField,
    StringField,
    ValidationError,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from coop.core.i18n import _, _l
from coop.core.labels import choices
from coop.statutes.rules import (
    AgendaAdditions,
    Basis,
    CallRule,
    DecisionKind,
    DecisionQuorum,
    Eligibility,
    EligibleOn,
    MajorityRule,
    NoticeChannel,
    Share,
    StatuteRules,
    TieBreak,
)

_SMALL = [Optional(), NumberRange(min=1, max=1000)]


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


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


class KeptQuorumForm(Form, ShareMixin):
    enabled = BooleanField(_l("Once open, the session keeps its quorum with fewer members"))
    numerator = IntegerField(_l("Members: numerator"), validators=_SMALL)
    denominator = IntegerField(_l("denominator"), validators=_SMALL)
    more_than = BooleanField(_l("more than (plus one)"))
    min_count = IntegerField(_l("At least this many members"), validators=_SMALL)

    def validate_numerator(self, field: IntegerField) -> None:
        self.check_share()

    def validate_enabled(self, field: BooleanField) -> None:
        if field.data and not (self.numerator.data or self.min_count.data):
            raise ValidationError(_("Give a fraction of members, a headcount, or both."))

    def rule(self) -> CallRule | None:
        """The minimum that keeps the quorum, or None for the quorum of the call."""
        if not self.enabled.data:
            return None
        return CallRule(self.share(), self.min_count.data or None)


class MajorityForm(Form, ShareMixin):
    numerator = IntegerField(_l("numerator"), validators=[InputRequired(), NumberRange(1, 1000)])
    denominator = IntegerField(
        _l("denominator"), validators=[InputRequired(), NumberRange(1, 1000)]
    )
    more_than = BooleanField(_l("more than (plus one)"))
    basis = SelectField(_l("of"), choices=choices(Basis))
    quorum_numerator = IntegerField(_l("Also needs in the room: numerator"), validators=_SMALL)
    quorum_denominator = IntegerField(_l("denominator"), validators=_SMALL)
    quorum_at_most = IntegerField(
        _l("but never more than this many members"),
        validators=[Optional(), NumberRange(1, 100_000)],
        description=_l("In an assembly of members; a delegate assembly takes the fraction alone."),
    )

    def validate_numerator(self, field: IntegerField) -> None:
        self.check_share()

    def validate_quorum_numerator(self, field: IntegerField) -> None:
        numerator, denominator = field.data, self.quorum_denominator.data
        if bool(numerator) != bool(denominator):
            raise ValidationError(_("Give both parts of the fraction, or neither."))
        if numerator and numerator > denominator:
            raise ValidationError(_("A fraction of members cannot be above 1."))

    def decision_quorum(self) -> DecisionQuorum | None:
        if not self.quorum_numerator.data or not self.quorum_denominator.data:
            return None
        share = Share(self.quorum_numerator.data, self.quorum_denominator.data)
        return DecisionQuorum(share, self.quorum_at_most.data or None)


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
    notice_channels_required = CheckboxesField(
        _l("The notice must be given by every one of these means"),
        choices=choices(NoticeChannel, "channel."),
        description=_l("Leave all unticked when any one means will do."),
    )
    eligibility = SelectField(_l("Who may vote"), choices=choices(Eligibility, "eligibility."))
    eligible_on = SelectField(
        _l("When the roll of voters is drawn"), choices=choices(EligibleOn, "eligible_on.")
    )
    agenda_additions = SelectField(
        _l("Items outside the published agenda"), choices=choices(AgendaAdditions, "additions.")
    )
    extraordinary_notice_only = BooleanField(
        _l("An extraordinary assembly decides only what its notice names")
    )
    extraordinary_only = CheckboxesField(
        _l("Decided only by an extraordinary assembly"),
        choices=[c for c in choices(DecisionKind, "decision.") if c.value != "ordinary"],
    )
    proxies_per_holder = IntegerField(
        _l("Proxies one member may carry (0: no proxies)"),
        validators=[InputRequired(), NumberRange(0, 20)],
    )
    proxy_document_required = BooleanField(_l("A written proxy is required"))
    delegates_per_members = IntegerField(
        _l("Delegate assemblies: one delegate per how many members"),
        validators=[Optional(), NumberRange(1, 100_000)],
    )
    delegate_numerator = IntegerField(_l("Delegate quorum: numerator"), validators=_SMALL)
    delegate_denominator = IntegerField(
        _l("denominator"),
        validators=_SMALL,
        description=_l("Of the delegates elected and convened, in one call with no reduced call."),
    )
    calls = FieldList(FormField(CallForm), min_entries=3, max_entries=3)
    quorum_kept = FormField(KeptQuorumForm)
    majorities = FieldList(
        FormField(MajorityForm), min_entries=len(DecisionKind), max_entries=len(DecisionKind)
    )
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
    board_max_terms = IntegerField(
        _l("Consecutive board terms allowed (empty: no limit)"),
        validators=[Optional(), NumberRange(1, 20)],
    )
    oversight_max_terms = IntegerField(
        _l("Consecutive oversight terms allowed (empty: no limit)"),
        validators=[Optional(), NumberRange(1, 20)],
    )
    officers_abstain_on_accounts = BooleanField(
        _l("Board and oversight members do not vote on the accounts of their own management")
    )
    employees_vote_after_accounts = BooleanField(
        _l(
            "A member employed by the cooperative neither votes nor stands for election until "
            "the accounts of the year the job ended are approved"
        )
    )
    # Forms of earlier versions have no such field: runoff then (validate_choice off).
    tie_break = SelectField(
        _l("A tie in an election is settled by"),
        choices=choices(TieBreak),
        validate_choice=False,
    )

    def validate_delegate_numerator(self, field: IntegerField) -> None:
        numerator, denominator = field.data, self.delegate_denominator.data
        if bool(numerator) != bool(denominator):
            raise ValidationError(_("Give both parts of the fraction, or neither."))
        if numerator and numerator > denominator:
            raise ValidationError(_("A fraction of members cannot be above 1."))

    def delegate_quorum(self) -> Share | None:
        if not self.delegate_numerator.data or not self.delegate_denominator.data:
            return None
        return Share(self.delegate_numerator.data, self.delegate_denominator.data)

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
            if (decision_quorum := entry.form.decision_quorum()) is not None:
                decision_quorums[kind] = decision_quorum
        return StatuteRules(
            notice_min_days=self.notice_min_days.data,
            notice_max_days=self.notice_max_days.data,
            notice_channels_required=frozenset(
                NoticeChannel(c) for c in self.notice_channels_required.data or []
            ),
            calls=tuple(calls),
            quorum_kept=self.quorum_kept.form.rule(),
            delegate_quorum=self.delegate_quorum(),
            majorities=majorities,
            decision_quorums=decision_quorums,
            extraordinary_only=frozenset(
                DecisionKind(k) for k in self.extraordinary_only.data or []
            ),
            agenda_additions=AgendaAdditions(self.agenda_additions.data),
            extraordinary_notice_only=self.extraordinary_notice_only.data,
            eligibility=Eligibility(self.eligibility.data),
            eligible_on=EligibleOn(self.eligible_on.data),
            proxies_per_holder=self.proxies_per_holder.data,
            proxy_document_required=self.proxy_document_required.data,
            delegates_per_members=self.delegates_per_members.data,
            board_size=self.board_size.data,
            board_term_years=self.board_term_years.data,
            oversight_size=self.oversight_size.data,
            oversight_term_years=self.oversight_term_years.data,
            tie_break=TieBreak(self.tie_break.data)
            if self.tie_break.data in set(TieBreak)
            else TieBreak.RUNOFF,
            officers_abstain_on_accounts=self.officers_abstain_on_accounts.data,
            employees_vote_after_accounts=self.employees_vote_after_accounts.data,
            board_max_terms=self.board_max_terms.data,
            oversight_max_terms=self.oversight_max_terms.data,
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
    kept = rules.quorum_kept
    delegate = rules.delegate_quorum
    return {
        "notice_min_days": rules.notice_min_days,
        "notice_max_days": rules.notice_max_days,
        "notice_channels_required": [
            c.value for c in NoticeChannel if c in rules.notice_channels_required
        ],
        "eligibility": rules.eligibility.value,
        "eligible_on": rules.eligible_on.value,
        "agenda_additions": rules.agenda_additions.value,
        "extraordinary_notice_only": rules.extraordinary_notice_only,
        "extraordinary_only": [k.value for k in DecisionKind if k in rules.extraordinary_only],
        "quorum_kept": {"enabled": False}
        if kept is None
        else {"enabled": True, **share(kept.share), "min_count": kept.min_count},
        "delegate_numerator": delegate.numerator if delegate else None,
        "delegate_denominator": delegate.denominator if delegate else None,
        "proxies_per_holder": rules.proxies_per_holder,
        "proxy_document_required": rules.proxy_document_required,
        "delegates_per_members": rules.delegates_per_members,
        "calls": calls,
        "majorities": [
            {
                **share(rules.majority(kind).share),
                "basis": rules.majority(kind).basis.value,
                "quorum_numerator": q.share.numerator
                if (q := rules.decision_quorums.get(kind))
                else None,
                "quorum_denominator": q.share.denominator if q else None,
                "quorum_at_most": q.at_most if q else None,
            }
            for kind in DecisionKind
        ],
        "board_size": rules.board_size,
        "board_term_years": rules.board_term_years,
        "oversight_size": rules.oversight_size,
        "oversight_term_years": rules.oversight_term_years,
        "tie_break": rules.tie_break.value,
        "officers_abstain_on_accounts": rules.officers_abstain_on_accounts,
        "employees_vote_after_accounts": rules.employees_vote_after_accounts,
        "board_max_terms": rules.board_max_terms,
        "oversight_max_terms": rules.oversight_max_terms,
    }
