"""Voting pages: the board opens, counts and closes votes; members cast ballots."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from coop.assemblies.forms import ProposeItemForm
from coop.assemblies.models import AgendaItem, Assembly
from coop.assemblies.roll import voters_for
from coop.auth.permissions import can_run_assemblies, can_vote
from coop.auth.sessions import session_reference
from coop.core.extensions import db
from coop.core.i18n import _
from coop.core.tenancy.context import org_blueprint, require
from coop.core.tenancy.scoping import get_or_404, scoped
from coop.core.transactions import attempt, submit
from coop.voting import (
    receivers,  # noqa: F401 - voting's part in the assembly's steps
    services,
)
from coop.voting.forms import BallotForm, ShowOfHandsForm
from coop.voting.models import Vote, VoteStatus
from coop.voting.rules import Tally

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


@bp.route("/ballot")
@require(can_vote)
def ballot(assembly_id: int) -> str:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    open_votes = list(
        db.session.scalars(
            scoped(Vote, g.org)
            .join(AgendaItem, AgendaItem.id == Vote.agenda_item_id)
            .where(AgendaItem.assembly_id == assembly.id, Vote.status == VoteStatus.OPEN)
            .options(joinedload(Vote.agenda_item))
            .order_by(AgendaItem.position)
        )
    )
    member = g.member
    voters = voters_for(assembly, member)
    return render_template(
        "voting/ballot.html",
        assembly=assembly,
        open_votes=open_votes,
        voters=voters,
        me=member,
        cast=services.ballots_of(voters, open_votes),
        form=BallotForm(),
    )


@bp.route("/votes/<int:vote_id>/ballot", methods=["POST"])
@require(can_vote)
def cast(assembly_id: int, vote_id: int) -> Response:
    # Every statement counts here: hundreds of members vote in the same minute.
    vote = services.vote_for_ballot(g.org, assembly_id, vote_id)
    if vote is None:
        abort(404)
    back = url_for("voting.ballot", assembly_id=assembly_id)
    form = BallotForm()
    submit(
        form,
        lambda: services.cast_ballot(
            g.org,
            vote,
            g.member,
            form.choice.data,
            on_behalf_of=_int_field("for"),
            actor_id=current_user.id,
            session_ref=session_reference(),
        ),
        _("Your vote is recorded. Thank you."),
    )
    return redirect(back)


def _int_field(name: str) -> int | None:
    """A member id posted in a form, or None when absent or not a sane id."""
    value = request.form.get(name, "")
    return int(value) if value.isdigit() and len(value) <= 10 else None


@bp.route("/propose", methods=["POST"])
@require(can_run_assemblies)
def propose(assembly_id: int) -> Response:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    form = ProposeItemForm()
    proposed = submit(
        form,
        lambda: services.propose_item(
            g.org,
            assembly,
            form.title.data,
            form.kind.data,
            form.decision_kind.data,
            Tally(form.yes.data, form.no.data, form.abstain.data),
            current_user.id,
        ),
    )
    if proposed:
        # The motion and its vote are on the record either way.
        if proposed.value is not None:
            flash(_("The assembly added the item to its agenda."), "success")
        else:
            flash(_("The assembly did not add the item."), "error")
    return _back(assembly)
