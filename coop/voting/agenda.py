"""The assembly adds an item to its own agenda by a vote, where its statute allows it."""

from coop.assemblies.models import AgendaItem, Assembly
from coop.assemblies.services import append_item, ensure_on_agenda, rules_for
from coop.core.extensions import db
from coop.core.i18n import _, force_org_locale
from coop.core.tenancy.models import Organization
from coop.statutes.rules import DecisionKind, Outcome
from coop.voting.rules import Tally
from coop.voting.services import ensure_in_session, record_show_of_hands


def propose_item(
    org: Organization,
    assembly: Assembly,
    title: str,
    kind: str,
    decision_kind: str,
    counts: Tally,
    actor_id: int | None,
) -> AgendaItem | None:
    """The assembly votes to add an item to its agenda; the motion and its vote are kept."""
    ensure_in_session(assembly)
    # Whether anything may be added, and what, is the statute's: refused before any motion.
    ensure_on_agenda(
        rules_for(org, assembly), assembly, DecisionKind(decision_kind), in_session=True
    )
    # The motion is decided like any vote: without a quorum, nothing of it is written.
    with force_org_locale(org):
        motion_title = _("Add to the agenda: %(title)s", title=title.strip())
    motion = append_item(
        org, assembly, motion_title[:300], "decision", "ordinary", actor_id, in_session=True
    )
    db.session.flush()
    vote = record_show_of_hands(org, assembly, motion, counts, actor_id)
    if vote.outcome != Outcome.APPROVED:
        return None
    return append_item(org, assembly, title, kind, decision_kind, actor_id, in_session=True)
