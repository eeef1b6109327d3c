"""The member's ballot: one question per page, large buttons with the option's words and
sign, a confirmation, then the receipt."""

from flask import (
    abort,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from coop.assemblies.models import Assembly
from coop.assemblies.roll import voters_for
from coop.auth.permissions import can_vote
from coop.auth.sessions import session_reference
from coop.core.errors import DomainError
from coop.core.security import no_store
from coop.core.tenancy.context import org_blueprint, require
from coop.core.tenancy.scoping import get_or_404
from coop.core.transactions import attempt
from coop.voting.ballots import cast_ballot, marks_for, open_votes, vote_for_ballot, voted_in
from coop.voting.forms import BallotForm
from coop.voting.models import Vote

bp = org_blueprint("ballots", __name__, "/assemblies/<int:assembly_id>")


def _member_id(name: str) -> int | None:
    """A member id posted or asked for, or None when absent or not a sane id."""
    value = request.values.get(name, "")
    return int(value) if value.isdigit() and len(value) <= 10 else None


def _marks() -> list[int] | str:
    """The marks of the posted ballot: a motion's "yes", "no" or "abstain", or option ids."""
    choice = request.form.get("choice", "")
    if choice:
        return choice[:10]
    picked = request.form.getlist("option")
    return [int(v) for v in picked if v.isdigit() and len(v) <= 10][:31]


@bp.route("/ballot")
@require(can_vote)
def ballot(assembly_id: int) -> str:
    """The next question this member (or someone they represent) has not answered."""
    assembly = get_or_404(Assembly, g.org, assembly_id)
    voters = voters_for(assembly, g.member)
    votes = open_votes(g.org, assembly)
    done = voted_in(votes, [v.id for v in voters])
    pending = [
        (vote, voter) for vote in votes for voter in voters if (vote.id, voter.id) not in done
    ]
    return render_template(
        "voting/ballot.html",
        assembly=assembly,
        voters=voters,
        votes=votes,
        pending=pending,
        done=done,
        me=g.member,
        form=BallotForm(),
    )


@bp.route("/votes/<int:vote_id>/ballot", methods=["POST"])
@require(can_vote)
def cast(assembly_id: int, vote_id: int) -> Response | str:
    # Every statement counts here: hundreds of members vote in the same minute.
    vote = vote_for_ballot(g.org, assembly_id, vote_id)
    if vote is None:
        abort(404)
    form = BallotForm()
    if not form.validate_on_submit():
        return redirect(url_for("ballots.ballot", assembly_id=assembly_id))
    for_id = _member_id("for")
    if request.form.get("confirm") != "1":
        return _confirmation(vote, for_id, form)
    # Every address and value the answer needs is taken now: after the commit, touching
    # the session's objects would reload them.
    back = url_for("ballots.ballot", assembly_id=assembly_id)
    done = url_for("ballots.receipt", assembly_id=assembly_id, vote_id=vote_id)
    marks = _marks()
    cast = attempt(
        lambda: cast_ballot(
            g.org,
            vote,
            g.member,
            marks,
            on_behalf_of=for_id,
            actor_id=current_user.id,
            session_ref=session_reference(),
        ),
    )
    if not cast:
        return redirect(back)
    session["receipt"] = {"vote": vote_id, "code": cast.value, "marks": marks, "for": for_id}
    return redirect(done)


def _confirmation(vote: Vote, for_id: int | None, form: BallotForm) -> Response | str:
    """The ballot as it would be cast, said in words, to confirm or change."""
    try:  # a read: nothing to commit or roll back
        marks = marks_for(vote, _marks())
    except DomainError as refusal:
        flash(str(refusal.message), "error")
        return redirect(url_for("ballots.ballot", assembly_id=vote.agenda_item.assembly_id))
    chosen = [o for o in vote.options if o.id in marks]
    return render_template(
        "voting/confirm.html", vote=vote, chosen=chosen, for_id=for_id, form=form
    )


@bp.route("/votes/<int:vote_id>/receipt")
@require(can_vote)
def receipt(assembly_id: int, vote_id: int) -> Response:
    """What was recorded, in plain words, and the receipt code: shown once."""
    vote = get_or_404(Vote, g.org, vote_id)
    kept = session.pop("receipt", None)
    if not kept or kept.get("vote") != vote.id or vote.agenda_item.assembly_id != assembly_id:
        abort(404)
    marks = kept["marks"]
    chosen = (
        [vote.option_by_key(marks)]
        if isinstance(marks, str)
        else [o for o in vote.options if o.id in marks]
    )
    page = render_template(
        "voting/receipt.html", vote=vote, chosen=[o for o in chosen if o], code=kept["code"]
    )
    return no_store(make_response(page))
