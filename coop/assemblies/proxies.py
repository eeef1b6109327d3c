"""Proxies: a member present carries the vote of an absent one, within the statute's limits."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from coop.assemblies.models import WAITING, Assembly, AssemblyKind, Proxy
from coop.assemblies.roll import is_eligible, present_select
from coop.assemblies.services import lock_assembly, rules_for
from coop.audit.services import Entry, record, record_many
from coop.core.db import utcnow
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped
from coop.core.transactions import add_unique
from coop.members.models import Member
from coop.members.services import member_by_number
from coop.statutes.rules import StatuteRules


def add_proxy(
    org: Organization,
    assembly: Assembly,
    holder_number: str,
    represented_number: str,
    document: str,
    actor_id: int | None,
) -> Proxy:
    """Let a member present carry an absent member's vote, within the statute's limits."""
    lock_assembly(assembly)
    rules = rules_for(org, assembly)
    _ensure_proxies_allowed(assembly, rules)
    holder = member_by_number(org, holder_number)
    represented = member_by_number(org, represented_number)
    if holder.id == represented.id:
        raise DomainError(_("A member cannot carry their own proxy."))
    if rules.proxy_document_required and not document.strip():
        raise DomainError(_("The statute asks for a written proxy: note its reference."))
    if not is_eligible(org, assembly, represented):
        raise DomainError(
            _(
                "%(name)s may not vote in this assembly, so cannot be represented.",
                name=represented.full_name,
            )
        )
    _ensure_holder_can_carry(assembly, rules, holder, represented)
    proxy = Proxy(
        organization_id=org.id,
        assembly_id=assembly.id,
        holder_id=holder.id,
        represented_id=represented.id,
        document=document.strip()[:200],
        recorded_by_id=actor_id,
    )
    add_unique(proxy, _("%(name)s is already represented.", name=represented.full_name))
    record(
        org,
        actor_id,
        "proxy.recorded",
        proxy,
        holder_id=holder.id,
        represented_id=represented.id,
        document=proxy.document,
    )
    return proxy


def _ensure_proxies_allowed(assembly: Assembly, rules: StatuteRules) -> None:
    if rules.proxies_per_holder == 0:
        raise DomainError(_("The statute allows no proxies."))
    if assembly.kind == AssemblyKind.DELEGATE:
        raise DomainError(_("There are no proxies in a delegate assembly."))
    if not assembly.takes_attendance:
        raise DomainError(_("Attendance is taken from the convening until the session closes."))


def _ensure_holder_can_carry(
    assembly: Assembly, rules: StatuteRules, holder: Member, represented: Member
) -> None:
    """The holder is in the room, the represented member is not, and the holder carries
    fewer proxies than the statute allows."""
    here = set(db.session.scalars(present_select(assembly)))
    if holder.id not in here:
        raise DomainError(_("%(name)s must be checked in to carry a proxy.", name=holder.full_name))
    if represented.id in here:
        raise DomainError(_("%(name)s is present and votes in person.", name=represented.full_name))
    carried = (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Proxy)
            .where(Proxy.assembly_id == assembly.id, Proxy.holder_id == holder.id)
        )
        or 0
    )
    if carried >= rules.proxies_per_holder:
        raise DomainError(
            _(
                "%(name)s already carries as many proxies as the statute allows.",
                name=holder.full_name,
            )
        )


def remove_proxy(org: Organization, assembly: Assembly, proxy: Proxy, actor_id: int | None) -> None:
    """Withdraw a proxy before the session opens."""
    if assembly.status not in WAITING:
        raise DomainError(_("Proxies are withdrawn only before the session opens."))
    record(
        org,
        actor_id,
        "proxy.removed",
        proxy,
        holder_id=proxy.holder_id,
        represented_id=proxy.represented_id,
    )
    db.session.delete(proxy)


def end_on_arrival(
    org: Organization, assembly: Assembly, member: Member, actor_id: int | None
) -> None:
    """A represented member who arrives votes in person: their proxy in this assembly ends,
    unless it was already used to vote in this assembly."""
    proxy = db.session.scalar(
        scoped(Proxy, org).where(
            Proxy.assembly_id == assembly.id, Proxy.represented_id == member.id
        )
    )
    if proxy is None:
        return
    if proxy.voted_at is not None:
        raise DomainError(
            _("%(name)s already voted through a proxy in this session.", name=member.full_name)
        )
    record(
        org,
        actor_id,
        "proxy.ended_on_arrival",
        proxy,
        holder_id=proxy.holder_id,
        represented_id=member.id,
    )
    db.session.delete(proxy)
    db.session.flush()


def end_proxies_on_arrival(
    org: Organization, assembly: Assembly, member_ids: list[int], actor_id: int | None
) -> None:
    """`end_on_arrival` for many members at once (a paper sheet): refused whole if one of
    their proxies was already used to vote."""
    ended: list[Proxy] = []
    for start in range(0, len(member_ids), 1000):
        chunk = member_ids[start : start + 1000]
        ended += db.session.scalars(
            scoped(Proxy, org)
            .where(Proxy.assembly_id == assembly.id, Proxy.represented_id.in_(chunk))
            .options(joinedload(Proxy.represented))
        )
    used = [proxy for proxy in ended if proxy.voted_at is not None]
    if used:
        raise DomainError(
            _(
                "%(name)s already voted through a proxy in this session.",
                name=used[0].represented.full_name,
            )
        )
    events = [Entry("proxy.ended_on_arrival", "proxy", p.id, _ends(p)) for p in ended]
    if events:
        record_many(org, actor_id, events)
        for proxy in ended:
            db.session.delete(proxy)
        db.session.flush()


def _ends(proxy: Proxy) -> dict[str, int]:
    return {"holder_id": proxy.holder_id, "represented_id": proxy.represented_id}


def mark_used(assembly_id: int, holder_id: int, represented_id: int) -> None:
    """Note that the holder voted with this proxy: from then on it cannot end on arrival."""
    db.session.execute(
        sa.update(Proxy)
        .where(
            Proxy.assembly_id == assembly_id,
            Proxy.holder_id == holder_id,
            Proxy.represented_id == represented_id,
            Proxy.voted_at.is_(None),
        )
        .values(voted_at=utcnow())
    )


def proxy_list(assembly: Assembly) -> list[Proxy]:
    """The proxies recorded for one assembly."""
    return list(
        db.session.scalars(
            sa.select(Proxy)
            .where(Proxy.assembly_id == assembly.id)
            .options(joinedload(Proxy.holder), joinedload(Proxy.represented))
            .order_by(Proxy.id)
        )
    )


def proxies_of(assembly_ids: list[int]) -> dict[int, list[Proxy]]:
    """The proxies of these assemblies, with holders and represented members, in one query."""
    found: dict[int, list[Proxy]] = {i: [] for i in assembly_ids}
    for proxy in db.session.scalars(
        sa.select(Proxy)
        .where(Proxy.assembly_id.in_(assembly_ids))
        .options(joinedload(Proxy.holder), joinedload(Proxy.represented))
        .order_by(Proxy.assembly_id, Proxy.id)
    ):
        found[proxy.assembly_id].append(proxy)
    return found
