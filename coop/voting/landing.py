"""Where a member lands on logging in: the ballot, while there is something to vote."""

from flask import g, redirect, url_for
from werkzeug.wrappers import Response

from coop.assemblies.models import AgendaItem, Assembly, AssemblyStatus
from coop.auth.models import Access
from coop.auth.permissions import is_current
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import scoped
from coop.members.models import Member
from coop.voting.ballot_views import ballot_page, pending_questions
from coop.voting.models import Vote, VoteStatus


def assembly_to_vote_in(org: Organization, member: Member) -> Assembly | None:
    """The assembly in session with a vote open in which this member may vote now."""
    in_session = db.session.scalars(
        scoped(Assembly, org)
        .where(
            Assembly.status == AssemblyStatus.IN_SESSION,
            scoped(Vote, org)
            .join(AgendaItem, AgendaItem.id == Vote.agenda_item_id)
            .where(AgendaItem.assembly_id == Assembly.id, Vote.status == VoteStatus.OPEN)
            .exists(),
        )
        .order_by(Assembly.starts_at, Assembly.id)
    )
    return next((a for a in in_session if pending_questions(org, a, member)[2]), None)


def landing_page(org: Organization, member: Member | None) -> Response | str:
    """What a member who has just logged in sees: the ballot itself while a vote they may
    cast is open, else a redirect to the organization's home page."""
    assembly = assembly_to_vote_in(org, member) if member is not None else None
    access = (
        db.session.scalar(scoped(Access, org).where(Access.member_id == member.id))
        if member is not None
        else None
    )
    if member is None or assembly is None or not is_current(access, org.today()):
        return redirect(url_for("orgs.dashboard"))
    # The answer to the login is the ballot, not a redirect to it: on 2G a redirect costs a
    # whole round trip. The access is the one the next request would load for this member.
    g.access, g.member = access, member
    return ballot_page(assembly, member)
