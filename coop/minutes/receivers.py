"""The minutes' part in the assembly's steps: a closed assembly gets its draft minutes; its
page links to them and, while in session, offers to approve earlier minutes."""

from typing import Any

from flask import render_template

from coop.assemblies import signals
from coop.assemblies.models import Assembly
from coop.auth.permissions import can_run_assemblies
from coop.core.extensions import db
from coop.core.tenancy.scoping import scoped
from coop.minutes import wording
from coop.minutes.models import Minutes
from coop.minutes.services import awaiting_approval, start_minutes


@signals.closed.connect
def draft_minutes(org: Any, assembly: Assembly, actor_id: int | None, **_kwargs: Any) -> None:
    """Start the draft minutes of an assembly that has just closed."""
    start_minutes(org, assembly, actor_id)


@signals.page.connect
def assembly_page(org: Any, assembly: Assembly, access: Any, **_kwargs: Any) -> dict[str, str]:
    """A link to the minutes, for those who may read them; in session, the earlier minutes
    this assembly may approve, for the board."""
    parts = {}
    if assembly.is_in_session and can_run_assemblies(access):
        awaiting = awaiting_approval(org, assembly)
        if awaiting:
            parts["after_agenda"] = render_template(
                "minutes/_awaiting.html", assembly=assembly, awaiting=awaiting
            )
    minutes = db.session.scalar(scoped(Minutes, org).where(Minutes.assembly_id == assembly.id))
    if minutes is not None:
        parts["footer"] = render_template(
            "minutes/_assembly_link.html", assembly=assembly, minutes=minutes, words=wording
        )
    return parts
