"""Marking who abstains by law on an agenda item, and showing the marks on the item."""

from typing import Any

from flask import g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from coop.assemblies import signals
from coop.assemblies.models import AgendaItem, Assembly, AssemblyStatus, ByLawAbstention
from coop.auth.permissions import can_run_assemblies
from coop.core.i18n import _
from coop.core.tenancy.context import org_blueprint, require
from coop.core.tenancy.scoping import get_or_404
from coop.core.transactions import attempt
from coop.voting.abstentions import abstentions_by_item, mark, unmark
from coop.voting.services import votes_by_item

bp = org_blueprint("abstentions", __name__, "/assemblies/<int:assembly_id>/items/<int:item_id>")


def _load(assembly_id: int, item_id: int) -> tuple[Assembly, AgendaItem]:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    return assembly, get_or_404(AgendaItem, g.org, item_id, assembly_id=assembly.id)


def _back(assembly: Assembly, item: AgendaItem) -> Response:
    return redirect(url_for("assemblies.show", assembly_id=assembly.id, _anchor=f"item-{item.id}"))


@bp.route("/abstentions", methods=["POST"])
@require(can_run_assemblies)
def add(assembly_id: int, item_id: int) -> Response:
    assembly, item = _load(assembly_id, item_id)
    number = request.form.get("number", "").strip()[:20]
    attempt(
        lambda: mark(g.org, assembly, item, number, current_user.id),
        lambda entry: _(
            "%(name)s abstains by law on this item: counted out of its basis.",
            name=entry.member.full_name,
        ),
    )
    return _back(assembly, item)


@bp.route("/abstentions/<int:entry_id>/remove", methods=["POST"])
@require(can_run_assemblies)
def remove(assembly_id: int, item_id: int, entry_id: int) -> Response:
    assembly, item = _load(assembly_id, item_id)
    entry = get_or_404(ByLawAbstention, g.org, entry_id, agenda_item_id=item.id)
    attempt(
        lambda: unmark(g.org, assembly, item, entry, current_user.id),
        _("The mark is withdrawn."),
    )
    return _back(assembly, item)


@signals.page.connect
def assembly_page(org: Any, assembly: Assembly, access: Any, **_kwargs: Any) -> dict[str, str]:
    """Under each voted item: who abstains by law on it, and, for the board before the vote,
    the way to mark one more."""
    marks = abstentions_by_item(assembly)
    board = can_run_assemblies(access) and assembly.status not in (
        AssemblyStatus.CLOSED,
        AssemblyStatus.CANCELLED,
    )
    voted = votes_by_item(assembly) if board else {}
    parts = {}
    for item in assembly.items:
        can_mark = board and item.is_voted and item.id not in voted
        if marks.get(item.id) or can_mark:
            parts[f"item-{item.id}"] = render_template(
                "voting/_abstentions.html",
                assembly=assembly,
                item=item,
                marks=marks.get(item.id, []),
                can_mark=can_mark,
            )
    return parts
