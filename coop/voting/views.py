"""Voting pages of the board: putting an item to the vote, counts, closing, ties, and the
results with their published receipts."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from coop.assemblies.forms import ProposeItemForm
from coop.assemblies.models import AgendaItem, Assembly
from coop.assemblies.services import assembly_day, rules_for
from coop.auth.permissions import can_run_assemblies, can_view_assemblies
from coop.core.errors import DomainError
from coop.core.i18n import _
from coop.core.routing import whole_number
from coop.core.tenancy.context import org_blueprint, require
from coop.core.tenancy.scoping import get_or_404
from coop.core.transactions import attempt, submit
from coop.voting import counts as tallies
from coop.voting import (
    elections,
    receivers,  # noqa: F401 - voting's part in the assembly's steps
    services,
)
from coop.voting.agenda import propose_item
from coop.voting.ballots import published_receipts
from coop.voting.forms import CountsForm, ShowOfHandsForm, TieForm, VoteSetupForm
from coop.voting.models import Vote, option_key
from coop.voting.rules import Channel, Counts, Tally

bp = org_blueprint("voting", __name__, "/assemblies/<int:assembly_id>")

MAX_COUNT = 100_000


def _load(assembly_id: int, item_id: int) -> tuple[Assembly, AgendaItem]:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    return assembly, get_or_404(AgendaItem, g.org, item_id, assembly_id=assembly.id)


def _vote(assembly_id: int, vote_id: int) -> tuple[Assembly, Vote]:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    vote = get_or_404(Vote, g.org, vote_id)
    if vote.agenda_item.assembly_id != assembly.id:
        abort(404)
    return assembly, vote


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


@bp.route("/items/<int:item_id>/new-vote", methods=["GET", "POST"])
@require(can_run_assemblies)
def new_vote(assembly_id: int, item_id: int) -> Response | tuple[str, int]:
    assembly, item = _load(assembly_id, item_id)
    form = VoteSetupForm()
    if form.validate_on_submit() and attempt(
        lambda: services.open_vote(
            g.org,
            assembly,
            item,
            current_user.id,
            services.vote_spec(
                g.org,
                form.kind.data,
                form.question.data or "",
                form.options.data or "",
                form.channels.data or [],
                form.secret.data,
                form.seats.data,
                form.method.data,
                form.position.data,
            ),
        ),
        _("The vote is open."),
        errors=form.form_errors,
    ):
        return _back(assembly)
    status = 400 if form.errors or form.form_errors else 200
    page = render_template("voting/new_vote.html", assembly=assembly, item=item, form=form)
    return page, status


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


@bp.route("/votes/<int:vote_id>/counts", methods=["GET", "POST"])
@require(can_run_assemblies)
def counts(assembly_id: int, vote_id: int) -> Response | tuple[str, int]:
    assembly, vote = _vote(assembly_id, vote_id)
    form = CountsForm()
    channel = Channel.SHOW_OF_HANDS if vote.by_hands else Channel.PAPER
    if form.validate_on_submit() and attempt(
        lambda: _enter(vote, channel, form.voters.data or ""),
        _("The counts are recorded."),
        errors=form.form_errors,
    ):
        return _back(assembly)
    status = 400 if form.errors or form.form_errors else 200
    page = render_template(
        "voting/counts.html",
        assembly=assembly,
        vote=vote,
        form=form,
        channel=channel,
        voted=tallies.participants(vote),
    )
    return page, status


def _enter(vote: Vote, channel: Channel, voters: str) -> None:
    if channel == Channel.PAPER and voters.strip():
        tallies.record_paper_voters(g.org, vote, voters, current_user.id)
    counted = Counts(
        {o.id: _count(option_key(o.id)) for o in vote.options},
        _count("blank"),
        _count("spoiled"),
    )
    tallies.enter_counts(g.org, vote, channel, counted, current_user.id)


def _count(name: str) -> int:
    """A count posted in the counts form: whole, not negative, not absurd."""
    count = whole_number(request.form.get(name, "").strip() or "0", MAX_COUNT)
    if count is None:
        raise DomainError(_("Counts are whole numbers from 0 to 100,000."))
    return count


@bp.route("/votes/<int:vote_id>/close", methods=["POST"])
@require(can_run_assemblies)
def close_vote(assembly_id: int, vote_id: int) -> Response:
    assembly, vote = _vote(assembly_id, vote_id)
    attempt(
        lambda: services.close_vote(g.org, assembly, vote, current_user.id),
        _("The vote is closed."),
    )
    return _back(assembly)


@bp.route("/votes/<int:vote_id>/tie", methods=["GET", "POST"])
@require(can_run_assemblies)
def tie(assembly_id: int, vote_id: int) -> Response | tuple[str, int]:
    assembly, vote = _vote(assembly_id, vote_id)
    form = TieForm()
    rules = rules_for(g.org, assembly)
    if form.validate_on_submit():
        drawn = [n for v in request.form.getlist("drawn") if (n := whole_number(v)) is not None]
        if attempt(
            lambda: _settle(assembly, vote, drawn, form.note.data or ""),
            _("The tie is settled."),
            errors=form.form_errors,
        ):
            return _back(assembly)
    page = render_template(
        "voting/tie.html",
        assembly=assembly,
        vote=vote,
        form=form,
        tied=elections.tied_options(vote),
        how=rules.tie_break,
    )
    return page, 400 if form.form_errors else 200


def _settle(assembly: Assembly, vote: Vote, drawn: list[int], note: str) -> None:
    day = assembly_day(g.org, assembly)
    if rules_for(g.org, assembly).tie_break == "lot":
        elections.settle_by_lot(g.org, assembly, vote, drawn, note, day, current_user.id)
    else:
        services.open_runoff(g.org, assembly, vote, current_user.id)


@bp.route("/votes/<int:vote_id>")
@require(can_view_assemblies)
def result(assembly_id: int, vote_id: int) -> str:
    assembly, vote = _vote(assembly_id, vote_id)
    return render_template(
        "voting/result.html",
        assembly=assembly,
        vote=vote,
        receipts=published_receipts(vote),
        voted=tallies.participants(vote),
    )


@bp.route("/propose", methods=["POST"])
@require(can_run_assemblies)
def propose(assembly_id: int) -> Response:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    form = ProposeItemForm()
    proposed = submit(
        form,
        lambda: propose_item(
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
