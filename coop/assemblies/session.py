"""The session: opening at a call with its quorum, a call without quorum, closing."""

import sqlalchemy as sa
from flask_babel import format_datetime, format_number

from coop.assemblies import signals
from coop.assemblies.models import Assembly, Voter
from coop.assemblies.roll import counted_against, eligible_select, quorum_panel, roll_select
from coop.assemblies.services import lock_assembly, rules_for
from coop.audit.services import record
from coop.core.db import utcnow
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.models import Organization
from coop.statutes.rules import Quorum, quorum


def _figures(panel: Quorum) -> dict[str, int | str]:
    return {
        "present": panel.present,
        "represented": panel.represented,
        "eligible": panel.eligible,
        "required": panel.required,
        "at": utcnow().isoformat(),
    }


def _ensure_due(assembly: Assembly, call: int) -> None:
    """A call is counted at its time, not before: a session never opens before the time its
    notice gave, and no call is declared without quorum before it has come."""
    if not assembly.call_is_due(call):
        scheduled = assembly.call_time(call)
        raise DomainError(
            _(
                "Call %(call)s is set for %(time)s: its quorum is counted from then on.",
                call=call,
                time=format_datetime(scheduled, "short") if scheduled else "",
            )
        )


def open_session(org: Organization, assembly: Assembly, actor_id: int | None) -> Quorum:
    """Open at the next call if its quorum is reached, freezing the roll of voters."""
    lock_assembly(assembly)
    rules = rules_for(org, assembly)
    call = assembly.next_call
    if call > len(rules.calls):
        raise DomainError(_("The statute has no further call: convene the assembly again."))
    _ensure_due(assembly, call)
    # The roll is frozen first and the room counted against it: the opening is decided on
    # exactly who may vote. Without quorum, the refusal takes the roll back with it.
    roll = eligible_select(org, assembly, rules)
    db.session.execute(
        sa.insert(Voter).from_select(
            ["organization_id", "assembly_id", "member_id"],
            sa.select(sa.literal(org.id), sa.literal(assembly.id), roll.subquery().c.member_id),
        )
    )
    panel = quorum(rules, call, *counted_against(assembly, roll_select(assembly)))
    if not panel.reached:
        raise DomainError(
            _(
                "No quorum at call %(call)s: %(counted)s counted, %(required)s needed.",
                call=call,
                counted=format_number(panel.counted),
                required=format_number(panel.required),
            )
        )
    figures = _figures(panel)
    assembly.open(call, figures)
    record(org, actor_id, "assembly.opened", assembly, call=call, **figures)
    return panel


def record_no_quorum(org: Organization, assembly: Assembly, actor_id: int | None) -> Quorum:
    """Record that the call in play did not reach its quorum."""
    lock_assembly(assembly)
    rules = rules_for(org, assembly)
    call = assembly.next_call
    if call > len(rules.calls):
        raise DomainError(_("The statute has no further call: convene the assembly again."))
    _ensure_due(assembly, call)
    panel = quorum_panel(org, assembly)
    if panel.reached:
        raise DomainError(_("The quorum is reached: open the session."))
    figures = _figures(panel)
    assembly.no_quorum(call, figures)
    record(org, actor_id, "assembly.no_quorum", assembly, call=call, **figures)
    return panel


def close(org: Organization, assembly: Assembly, actor_id: int | None) -> None:
    """End the session, freezing its quorum figures; the layers above may refuse (open votes)
    or follow on (draft minutes) through the signals."""
    lock_assembly(assembly)
    signals.closing.send(org, assembly=assembly, actor_id=actor_id)
    panel = quorum_panel(org, assembly)
    assembly.close(panel.eligible, panel.present, panel.represented, panel.required)
    record(
        org,
        actor_id,
        "assembly.closed",
        assembly,
        eligible=panel.eligible,
        present=panel.present,
        represented=panel.represented,
        required=panel.required,
    )
    signals.closed.send(org, assembly=assembly, actor_id=actor_id)
