"""The minutes' part in the assembly's steps: a closed assembly gets its draft minutes, and
its page links to them."""

from typing import Any

from flask import render_template

from coop.assemblies import signals
from coop.assemblies.models import Assembly
from coop.core.extensions import db
from coop.core.tenancy.scoping import scoped
from coop.minutes.models import Minutes
from coop.minutes.services import start_minutes


@signals.closed.connect
def draft_minutes(org: Any, assembly: Assembly, actor_id: int | None, **_kwargs: Any) -> None:
    """Start the draft minutes of an assembly that has just closed."""
    start_minutes(org, assembly, actor_id)


@signals.page.connect
def assembly_page(org: Any, assembly: Assembly, access: Any, **_kwargs: Any) -> dict[str, str]:
    """A link to the minutes, for those who may read them."""
    minutes = db.session.scalar(scoped(Minutes, org).where(Minutes.assembly_id == assembly.id))
    if minutes is None:
        return {}
    html = render_template("minutes/_assembly_link.html", assembly=assembly, minutes=minutes)
    return {"footer": html}
