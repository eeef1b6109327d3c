"""The member's ballot: one question per page, large buttons with the option's words and
sign, a confirmation, then the receipt. On 2G every round trip counts: a single choice is
confirmed on its own page (drawn by the stylesheet), and the vote is answered with the
receipt itself."""

from flask import abort, flash, g, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from coop.assemblies.models import Assembly
from coop.assemblies.roll import voters_for
from coop.auth.permissions import can_vote
from coop.auth.sessions import cookie_keys
from coop.core.db import reads_first
from coop.core.errors import DomainError
from coop.core.routing import whole_number
from coop.core.security import no_store
from coop.core.tenancy.context import org_blueprint, require
from coop.core.tenancy.models import Organization
from coop.core.tenancy.scoping import get_or_404
from coop.core.transactions import attempt, start_writing
from coop.members.models import Member
from coop.voting.ballots import (
    BallotVote,
    cast_ballot,
    marks_for,
    open_votes,
    vote_for_ballot,
    voted_in,
)
from coop.voting.forms import BallotForm

bp = org_blueprint("ballots", __name__, "/assemblies/<int:assembly_id>")


def _member_id(name: str) -> int | None:
    """A member id posted or asked for, or None when absent or not a sane id."""
    return whole_number(request.values.get(name, ""))


def _marks() -> list[int] | str:
    """The marks of the posted ballot: a motion's "yes", "no" or "abstain", or option ids."""
    choice = request.form.get("choice", "")
    if choice:
        return choice[:10]
    picked = request.form.getlist("option")
    return [n for v in picked if (n := whole_number(v)) is not None][:31]


def pending_questions(
    org: Organization, assembly: Assembly, member: Member
) -> tuple[list, list, list]:
    """(whom the member votes for, the open votes, the (vote, voter) not yet answered)."""
    voters = voters_for(assembly, member)
    votes = open_votes(org, assembly)
    done = voted_in(votes, [v.id for v in voters])
    pending = [(v, voter) for v in votes for voter in voters if (v.id, voter.id) not in done]
    return voters, votes, pending


def ballot_page(assembly: Assembly, member: Member) -> str:
    """The next question the member (or someone they represent) has not answered."""
    voters, votes, pending = pending_questions(g.org, assembly, member)
    return render_template(
        "voting/ballot.html",
        assembly=assembly,
        voters=voters,
        votes=votes,
        pending=pending,
        me=member,
        form=BallotForm(),
    )


@bp.route("/ballot")
@require(can_vote)
def ballot(assembly_id: int) -> str:
    return ballot_page(get_or_404(Assembly, g.org, assembly_id), g.member)


@bp.route("/votes/<int:vote_id>/ballot", methods=["POST"])
@require(can_vote)
@reads_first
def cast(assembly_id: int, vote_id: int) -> Response | str:
    # Every statement counts here: hundreds of members vote in the same minute. On SQLite
    # the write lock is held only for the ballot's three INSERTs, which check everything
    # that may have changed since it was read (`cast_ballot`).
    vote = vote_for_ballot(g.org, assembly_id, vote_id)
    if vote is None:
        abort(404)
    form = BallotForm()
    back = url_for("ballots.ballot", assembly_id=assembly_id)
    if not form.validate_on_submit():
        return redirect(back)
    for_id = _member_id("for")
    if request.form.get("confirm") != "1":
        return _confirmation(vote, for_id, form, back)
    marks = _marks()
    start_writing()
    cast = attempt(
        lambda: cast_ballot(
            g.org,
            vote,
            g.member,
            marks,
            on_behalf_of=for_id,
            actor_id=current_user.id,
            session=cookie_keys(),
        ),
        keep_loaded=True,  # the receipt is drawn from what is at hand, not reloaded
    )
    if not cast:
        return redirect(back)
    # The answer is the receipt itself, shown once: a redirect would cost a round trip.
    return no_store(make_response(_receipt(vote, marks, str(cast.value))))


def _receipt(vote: BallotVote, marks: list[int] | str, code: str) -> str:
    chosen = (
        [o for o in vote.options if o.key == marks]
        if isinstance(marks, str)
        else [o for o in vote.options if o.id in marks]
    )
    return render_template(
        "voting/receipt.html",
        code=code,
        question=vote.question,
        secret=vote.secret,
        chosen=chosen,
        assembly_id=vote.assembly_id,
    )


def _confirmation(
    vote: BallotVote, for_id: int | None, form: BallotForm, back: str
) -> Response | str:
    """The ballot as it would be cast, said in words, to confirm or change."""
    try:  # a read: nothing to commit or roll back
        marks = marks_for(vote, _marks())
    except DomainError as refusal:
        flash(str(refusal.message), "error")
        return redirect(back)
    chosen = [o for o in vote.options if o.id in marks]
    return render_template(
        "voting/confirm.html", vote=vote, chosen=chosen, for_id=for_id, form=form
    )
