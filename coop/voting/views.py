"""Voting pages: the board opens, counts and closes votes; members cast ballots."""

from flask import abort, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from coop.assemblies.models import AgendaItem, Assembly
from coop.auth.permissions import can_run_assemblies, can_vote
from coop.extensions import db
from coop.i18n import _
from coop.labels import label
from coop.members.models import Member
from coop.orgs.context import org_blueprint, require
from coop.orgs.scoping import get_or_404, scoped
from coop.voting import services
from coop.voting.forms import BallotForm, ShowOfHandsForm
from coop.voting.models import Vote, VoteStatus
from coop.voting.rules import Tally
from coop.web import attempt, submit

bp = org_blueprint("voting", __name__, "/assemblies/<int:assembly_id>")


def _load(assembly_id: int, item_id: int) -> tuple[Assembly, AgendaItem]:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    return assembly, get_or_404(AgendaItem, g.org, item_id, assembly_id=assembly.id)


def _back(assembly: Assembly) -> Response:
    return redirect(url_for("assemblies.show", assembly_id=assembly.id))


@bp.route("/items/<int:item_id>/open-vote", methods=["POST"])
@require(can_run_assemblies)
def open_vote(assembly_id: int, item_id: int) -> Response:
    assembly, item = _load(assembly_id, item_id)
    attempt(
        lambda: services.open_vote(g.org, assembly, item, current_user.id),
        _("The vote is open: members can vote from their phones."),
    )
    return _back(assembly)


@bp.route("/items/<int:item_id>/hands", methods=["GET", "POST"])
@require(can_run_assemblies)
def show_of_hands(assembly_id: int, item_id: int) -> Response | str | tuple[str, int]:
    assembly, item = _load(assembly_id, item_id)
    form = ShowOfHandsForm()
    if form.validate_on_submit():
        counts = Tally(form.yes.data, form.no.data, form.abstain.data)
        if attempt(
            lambda: services.record_show_of_hands(g.org, assembly, item, counts, current_user.id),
            _("The count is recorded."),
            errors=form.form_errors,
        ):
            return _back(assembly)
    status = 400 if form.errors else 200
    return render_template("voting/hands.html", assembly=assembly, item=item, form=form), status


@bp.route("/votes/<int:vote_id>/close", methods=["POST"])
@require(can_run_assemblies)
def close_vote(assembly_id: int, vote_id: int) -> Response:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    vote = get_or_404(Vote, g.org, vote_id)
    if vote.agenda_item.assembly_id != assembly.id:
        abort(404)
    attempt(
        lambda: services.close_vote(g.org, assembly, vote, current_user.id),
        _("The vote is closed."),
    )
    return _back(assembly)


def ballot_page(assembly: Assembly, member: Member) -> str:
    """The member's ballot: the open votes, for whom they vote, and what they cast."""
    open_votes = list(
        db.session.scalars(
            scoped(Vote, g.org)
            .join(AgendaItem, AgendaItem.id == Vote.agenda_item_id)
            .where(AgendaItem.assembly_id == assembly.id, Vote.status == VoteStatus.OPEN)
            .options(joinedload(Vote.agenda_item))
            .order_by(AgendaItem.position)
        )
    )
    voters = services.voters_for(assembly, member)
    return render_template(
        "voting/ballot.html",
        assembly=assembly,
        open_votes=open_votes,
        voters=voters,
        me=member,
        cast=services.ballots_of(voters, open_votes),
    )


@bp.route("/ballot")
@require(can_vote)
def ballot(assembly_id: int) -> str:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    return ballot_page(assembly, db.session.get(Member, g.access.member_id))


@bp.route("/votes/<int:vote_id>/ballot", methods=["POST"])
@require(can_vote)
def cast(assembly_id: int, vote_id: int) -> tuple[str, int]:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    vote = get_or_404(Vote, g.org, vote_id)
    if vote.agenda_item.assembly_id != assembly.id:
        abort(404)
    member = db.session.get(Member, g.access.member_id)
    for_id = request.form.get("for", type=int)
    represented = get_or_404(Member, g.org, for_id) if for_id else None
    form = BallotForm()
    done = submit(
        form,
        lambda: services.cast_ballot(
            g.org, assembly, vote, member, form.choice.data, on_behalf_of=represented
        ),
        lambda ballot: recorded_message(ballot.choice, vote, represented),
    )
    # The answer is the receipt itself, not a redirect: on 2G a redirect costs a round trip.
    # Sent again (a reload), the ballot is refused as already cast and the receipt stays.
    return ballot_page(assembly, member), 200 if done else 400


def recorded_message(choice: str, vote: Vote, represented: Member | None) -> str:
    """What was recorded, in plain words: the choice and the question."""
    word, question = label(choice).upper(), vote.agenda_item.title
    if represented is None:
        return _(
            "Your vote is recorded. You voted %(choice)s on: %(question)s",
            choice=word,
            question=question,
        )
    return _(
        "Your vote is recorded. For %(name)s you voted %(choice)s on: %(question)s",
        name=represented.full_name,
        choice=word,
        question=question,
    )
