"""Gathering the facts the checks read, from each domain's own services and queries, in a
fixed number of statements whatever the size of the record."""

from collections import defaultdict
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from coop.assemblies.figures import RoomProfile, roll_sizes, room_profiles
from coop.assemblies.models import Assembly
from coop.assemblies.proxies import proxies_of
from coop.assemblies.services import assembly_day, statutes_for
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped
from coop.evidence.rules.facts import (
    AssemblyFacts,
    ItemFacts,
    MemberFacts,
    MinutesFacts,
    OfficerFacts,
    Profile,
    Record,
    Settings,
    StatusEntry,
    VoteFacts,
)
from coop.evidence.rules.participation import AssemblyPoint
from coop.evidence.rules.periods import Period
from coop.members.models import Member, MemberStatusChange, ProductionUnit
from coop.members.queries import thresholds
from coop.members.rules import UnitFacts
from coop.minutes.models import Minutes, MinutesStatus
from coop.minutes.services import approved_minutes
from coop.statutes.services import statute_on
from coop.voting.officers import officer_terms
from coop.voting.results import VoteResult, results_of


def all_assemblies(org: Organization) -> list[Assembly]:
    """Every assembly of the organization with its agenda, by date."""
    return list(
        db.session.scalars(
            scoped(Assembly, org)
            .options(selectinload(Assembly.items))
            .order_by(Assembly.starts_at, Assembly.id)
        )
    )


def vote_facts(result: VoteResult) -> VoteFacts:
    """A stored vote result as the checks read it."""
    return VoteFacts(
        id=result.vote_id,
        item_id=result.item_id,
        title=result.question or result.item_title,
        decision_kind=result.decision_kind,
        kind=result.kind,
        is_open=result.is_open,
        counts=tuple((c.key, c.count, c.elected) for c in result.counts),
        blank=result.blank,
        spoiled=result.spoiled,
        outcome=result.outcome,
        majority_rule=result.majority_rule,
        present=result.present,
        represented=result.represented,
        eligible=result.eligible,
        quorum_required=result.quorum_required,
        abstained_by_law=result.abstained_by_law,
        seats=result.seats,
        position=result.position,
        tie_break=result.tie_break,
    )


def member_facts(org: Organization) -> list[MemberFacts]:
    """Every member of the register with its status history and production units, read as
    plain rows in three statements (the register of a large organization is read whole)."""
    history: dict[int, list[StatusEntry]] = defaultdict(list)
    entries = db.session.execute(
        sa.select(
            MemberStatusChange.id,
            MemberStatusChange.member_id,
            MemberStatusChange.effective_on,
            MemberStatusChange.status,
            MemberStatusChange.reason,
            MemberStatusChange.decision,
            MemberStatusChange.date_unknown,
            MemberStatusChange.corrects_id,
        )
        .where(MemberStatusChange.organization_id == org.id)
        .order_by(MemberStatusChange.effective_on, MemberStatusChange.id)
    ).all()
    # An entry a later one corrects (its date given at last) is no longer in force.
    corrected = {e.corrects_id for e in entries if e.corrects_id is not None}
    for e in entries:
        if e.id not in corrected:
            history[e.member_id].append(
                StatusEntry(e.effective_on, e.status.value, e.reason, e.decision, e.date_unknown)
            )
    units: dict[int, list[UnitFacts]] = defaultdict(list)
    for member_id, product, area, hives in db.session.execute(
        sa.select(
            ProductionUnit.member_id,
            ProductionUnit.product,
            ProductionUnit.product_area_ha,
            ProductionUnit.hives,
        ).where(ProductionUnit.organization_id == org.id)
    ):
        units[member_id].append(UnitFacts(product, area, hives))
    rows = db.session.execute(
        sa.select(
            Member.id,
            Member.number,
            Member.given_names,
            Member.surnames,
            Member.sex,
            Member.birth_date,
            Member.birth_year,
            Member.community,
            Member.joined_on,
        )
        .where(Member.organization_id == org.id)
        .order_by(Member.number)
    )
    return [
        MemberFacts(
            id=row.id,
            number=row.number,
            name=f"{row.given_names} {row.surnames}".strip(),
            sex=row.sex.value,
            birth_date=row.birth_date,
            birth_year=row.birth_year,
            community=row.community,
            joined_on=row.joined_on,
            history=tuple(history.get(row.id, ())),
            units=tuple(units.get(row.id, ())),
        )
        for row in rows
    ]


def _items(assembly: Assembly) -> tuple[ItemFacts, ...]:
    return tuple(
        ItemFacts(
            i.id, i.position, i.title, i.kind.value, i.decision_kind.value, i.added_in_session
        )
        for i in assembly.items
    )


def _opening(assembly: Assembly) -> dict[str, int] | None:
    figures = assembly.opening_figures or {}
    keys = ("present", "represented", "eligible", "required")
    return {k: int(figures[k]) for k in keys if k in figures} or None


def load(
    org: Organization, period: Period, settings: Settings, today: date
) -> tuple[Record, tuple[AssemblyPoint, ...]]:
    """The record the checks of `period` read, and every assembly held as the figures over
    time count it."""
    assemblies = all_assemblies(org)
    days = {a.id: assembly_day(org, a) for a in assemblies}
    ours = [a for a in assemblies if days[a.id] in period]
    held_ids = [a.id for a in assemblies if a.status.value == "closed"]
    ids = [a.id for a in ours]
    statutes = statutes_for(org, ours)
    results = results_of(held_ids + [i for i in ids if i not in held_ids])
    proxies = proxies_of(ids)
    rolls = roll_sizes(ids)
    rooms = room_profiles({i: days[i] for i in held_ids}, settings.youth_max_age)
    minutes = approved_minutes(org, ids)
    end_rules = statute_on(org, min(period.end, today)).rules
    facts = []
    for a in assemblies:
        mine = a.id in statutes
        rules = statutes[a.id].rules.for_assembly(a.kind.value == "delegate") if mine else end_rules
        record_of = minutes.get(a.id)
        facts.append(
            AssemblyFacts(
                id=a.id,
                kind=a.kind.value,
                title=a.title,
                day=days[a.id],
                status=a.status.value,
                place=a.place,
                notice_on=a.notice_given_on,
                channels=tuple(a.notice_channels or ()),
                items=_items(a),
                rules=rules,
                opened_call=a.current_call if a.opened_at is not None else None,
                opening=_opening(a),
                roll=rolls.get(a.id) or None,
                attendance=rooms.get(a.id, RoomProfile()).total,
                proxies=tuple((p.holder_id, p.represented_id) for p in proxies.get(a.id, [])),
                votes=tuple(vote_facts(r) for r in results.get(a.id, [])) if mine else (),
                minutes=_minutes_facts(record_of) if record_of else None,
            )
        )
    record = Record(
        today=today,
        settings=settings,
        assemblies=tuple(facts),
        members=tuple(member_facts(org)),
        officers=tuple(
            OfficerFacts(
                t.member_id,
                t.number,
                f"{t.given_names} {t.surnames}",
                t.sex,
                t.birth_date,
                t.birth_year,
                t.position,
                t.term_start,
                t.term_end,
                t.vote_id,
                t.assembly_id,
            )
            for t in officer_terms(org)
        ),
        statute_at_end=end_rules,
        thresholds=thresholds(org),
    )
    points = tuple(
        AssemblyPoint(
            id=a.id,
            title=a.title,
            day=days[a.id],
            kind=a.kind.value,
            eligible=a.eligible_count,
            represented=a.represented_count,
            profile=Profile(**vars(rooms[a.id])) if a.id in rooms else Profile(),
            votes=len(results.get(a.id, [])),
            ballots=sum(vote_facts(r).ballots for r in results.get(a.id, [])),
        )
        for a in assemblies
        if a.id in rooms
    )
    return record, points


def _minutes_facts(minutes: Minutes) -> MinutesFacts:
    # Locked once every signature the statute requires is in (see coop.minutes).
    return MinutesFacts(minutes.number, True, signed=minutes.status == MinutesStatus.LOCKED)
