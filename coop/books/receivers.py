"""The books' part in the assembly's page: its papers for a day without a connection, and
its attendance book once closed."""

from typing import Any

from flask import render_template

from coop.assemblies import signals
from coop.assemblies.models import Assembly, AssemblyStatus
from coop.auth.permissions import can_run_assemblies, can_view_register
from coop.books.papers import voters_count
from coop.books.rules import ballot_copies


@signals.page.connect
def assembly_page(org: Any, assembly: Assembly, access: Any, **_kwargs: Any) -> dict[str, str]:
    """Links to the papers (for the board, once the assembly is convened) and to its
    attendance book (for the register's readers, once closed)."""
    papers = can_run_assemblies(access) and not assembly.is_editable
    papers = papers and assembly.status != AssemblyStatus.CANCELLED
    closed = assembly.status == AssemblyStatus.CLOSED and can_view_register(access)
    if not (papers or closed):
        return {}
    voted = [item for item in assembly.items if item.is_voted]
    copies = ballot_copies(None, voters_count(org, assembly)) if papers and voted else 0
    html = render_template(
        "books/_assembly_papers.html",
        assembly=assembly,
        papers=papers,
        closed=closed,
        voted=voted,
        copies=copies,
    )
    return {"footer": html}
