"""Creating assemblies, their agenda, convening and cancelling them."""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from coop.assemblies.models import (
    AgendaItem,
    Assembly,
    AssemblyKind,
    AssemblyStatus,
    ItemKind,
    NoticeChannel,
)
from coop.audit.services import record
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.labels import label
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped
from coop.statutes.models import Statute
from coop.statutes.rules import (
    AgendaRefusal,
    DecisionKind,
    StatuteRules,
    agenda_refusal,
    notice_means_missing,
    notice_verdict,
)
from coop.statutes.services import statute_on

# Why an item cannot join an agenda, in words; `kind` names the kind of decision.
AGENDA_REFUSALS: dict[AgendaRefusal, Callable[[str], str]] = {
    AgendaRefusal.EXTRAORDINARY_ONLY: lambda kind: _(
        "Under the statute, “%(kind)s” is decided only by an extraordinary assembly: "
        "convene one for it.",
        kind=kind,
    ),
    AgendaRefusal.NEVER: lambda kind: _(
        "The statute allows nothing outside the published agenda: a decision on it would be "
        "void. Convene another assembly for it."
    ),
    AgendaRefusal.NOTICE_ONLY: lambda kind: _(
        "An extraordinary assembly decides only what its notice names: nothing can be added "
        "during the session."
    ),
    AgendaRefusal.NOT_ORDINARY_BUSINESS: lambda kind: _(
        "Statute changes, mergers, dissolution and other weighty decisions are decided only by "
        "an assembly convened for them, never added during the session."
    ),
}


def lock_assembly(assembly: Assembly) -> None:
    """Reload the assembly and hold its row: check-ins, proxies, votes, opening and closing of
    one assembly take turns (PostgreSQL), and each sees the state the one before it left."""
    db.session.refresh(assembly, with_for_update=True)


def assembly_day(org: Organization, assembly: Assembly) -> date:
    """The assembly's date where the organization is."""
    return assembly.starts_at.astimezone(ZoneInfo(org.timezone)).date()


def statute_for(org: Organization, assembly: Assembly) -> Statute:
    """The statute version convened under, or the one in force on the assembly's date."""
    if assembly.statute_id is not None:
        statute = db.session.get(Statute, assembly.statute_id)
        if statute is not None:
            return statute
    return statute_on(org, assembly_day(org, assembly))


def statutes_for(org: Organization, assemblies: list[Assembly]) -> dict[int, Statute]:
    """`statute_for` of many assemblies, by assembly id, with one query for those convened."""
    ids = {a.statute_id for a in assemblies if a.statute_id is not None}
    versions = {
        statute.id: statute
        for statute in db.session.scalars(scoped(Statute, org).where(Statute.id.in_(ids)))
    }
    return {
        a.id: versions.get(a.statute_id) or statute_for(org, a)  # type: ignore[arg-type]
        for a in assemblies
    }


def rules_for(org: Organization, assembly: Assembly) -> StatuteRules:
    """The statute rules that govern this assembly, as they apply to its kind."""
    return statute_for(org, assembly).rules.for_assembly(assembly.kind == AssemblyKind.DELEGATE)


def ensure_on_agenda(
    rules: StatuteRules, assembly: Assembly, decision_kind: DecisionKind, in_session: bool
) -> None:
    """Refuse an item the statute keeps off this assembly's agenda, saying why."""
    refusal = agenda_refusal(
        rules,
        decision_kind,
        ordinary_assembly=assembly.kind == AssemblyKind.ORDINARY,
        extraordinary_assembly=assembly.kind == AssemblyKind.EXTRAORDINARY,
        in_session=in_session,
    )
    if refusal is not None:
        raise DomainError(AGENDA_REFUSALS[refusal](label("decision." + decision_kind)))


def closed_agenda(org: Organization, assembly: Assembly) -> str | None:
    """Why this assembly may add nothing at all to its agenda in session, or None."""
    refusal = agenda_refusal(
        rules_for(org, assembly),
        DecisionKind.ORDINARY,
        ordinary_assembly=assembly.kind == AssemblyKind.ORDINARY,
        extraordinary_assembly=assembly.kind == AssemblyKind.EXTRAORDINARY,
        in_session=True,
    )
    return None if refusal is None else AGENDA_REFUSALS[refusal]("")


def create_assembly(
    org: Organization,
    kind: str,
    title: str,
    starts_at: datetime,
    place: str,
    actor_id: int | None,
) -> Assembly:
    """A new draft assembly."""
    kind = AssemblyKind(kind)
    local_day = starts_at.astimezone(ZoneInfo(org.timezone)).date()
    if kind == AssemblyKind.DELEGATE and not statute_on(org, local_day).rules.delegates_per_members:
        raise DomainError(_("The statute in force provides no delegate assemblies."))
    assembly = Assembly(
        organization_id=org.id,
        kind=kind,
        title=title.strip(),
        starts_at=starts_at,
        place=place.strip(),
        status=AssemblyStatus.DRAFT,
        notice_channels=[],
        call_times=[],
        failed_calls=[],
    )
    db.session.add(assembly)
    record(org, actor_id, "assembly.created", assembly, title=assembly.title)
    return assembly


def add_item(
    org: Organization,
    assembly: Assembly,
    title: str,
    kind: str,
    actor_id: int | None,
    decision_kind: str = DecisionKind.ORDINARY,
) -> AgendaItem:
    """Append an item to a draft assembly's agenda, if the statute lets this assembly take it."""
    if not assembly.is_editable:
        raise DomainError(_("The agenda is published: it can no longer be changed."))
    ensure_on_agenda(
        rules_for(org, assembly), assembly, DecisionKind(decision_kind), in_session=False
    )
    return append_item(org, assembly, title, kind, decision_kind, actor_id, in_session=False)


def append_item(
    org: Organization,
    assembly: Assembly,
    title: str,
    kind: str,
    decision_kind: str,
    actor_id: int | None,
    in_session: bool,
) -> AgendaItem:
    """Put an item at the end of the agenda, recorded in the audit trail."""
    item = AgendaItem(
        organization_id=org.id,
        position=len(assembly.items) + 1,
        title=title.strip(),
        kind=ItemKind(kind),
        decision_kind=DecisionKind(decision_kind),
        added_in_session=in_session,
    )
    assembly.items.append(item)
    record(
        org,
        actor_id,
        "agenda_item.added",
        item,
        assembly_id=assembly.id,
        title=item.title,
        in_session=in_session,
    )
    return item


def move_item(org: Organization, assembly: Assembly, item: AgendaItem, step: int) -> None:
    """Move an item of a draft agenda one place up (-1) or down (+1)."""
    if not assembly.is_editable:
        raise DomainError(_("The agenda is published: it can no longer be changed."))
    items = list(assembly.items)
    index = items.index(item)
    other = index + step
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    # Positions are unique per assembly: park them out of the way before renumbering.
    for offset, each in enumerate(items):
        each.position = 1000 + offset
    db.session.flush()
    for offset, each in enumerate(items):
        each.position = offset + 1


def convene(
    org: Organization,
    assembly: Assembly,
    notice_on: date,
    channels: list[str],
    notes: str,
    actor_id: int | None,
) -> None:
    """Publish the notice under the statute in force on the assembly's date; a notice short of
    the statute's days or means is recorded with what it lacked."""
    statute = statute_on(org, assembly_day(org, assembly))
    rules = statute.rules.for_assembly(assembly.kind == AssemblyKind.DELEGATE)
    # The statute may have changed since the agenda was drafted.
    for item in assembly.items:
        ensure_on_agenda(rules, assembly, item.decision_kind, in_session=False)
    valid = [c for c in channels if c in set(NoticeChannel)]
    verdict = notice_verdict(rules, notice_on, assembly_day(org, assembly))
    missing = [c.value for c in notice_means_missing(rules, valid)]
    times, moment = [], assembly.starts_at
    for call in rules.calls:
        moment = moment + timedelta(minutes=call.minutes_after_previous)
        times.append(moment)
    db.session.flush()
    assembly.convene(
        statute.id, notice_on, valid, notes.strip()[:200], verdict.value, missing, times
    )
    record(
        org,
        actor_id,
        "assembly.convened",
        assembly,
        notice_given_on=notice_on.isoformat(),
        channels=valid,
        notes=assembly.notice_details,
        notice_verdict=verdict.value,
        notice_means_missing=missing,
        statute_id=statute.id,
    )


def cancel(org: Organization, assembly: Assembly, reason: str, actor_id: int | None) -> None:
    """Call an assembly off, keeping why."""
    assembly.cancel(reason.strip()[:500])
    record(org, actor_id, "assembly.cancelled", assembly, reason=assembly.cancelled_reason)
