"""The books as PDF, and the papers of an assembly held without a connection."""

from flask import g, render_template, request
from werkzeug.wrappers import Response

from coop.assemblies.models import AgendaItem, Assembly
from coop.auth.permissions import can_run_assemblies, can_view_register
from coop.books import (
    books,
    papers,
    receivers,  # noqa: F401 - links to the papers on the assembly's page
)
from coop.books.rules import book_year
from coop.core.tenancy.context import org_blueprint, require
from coop.core.tenancy.scoping import get_or_404

bp = org_blueprint("books", __name__, "/books")
papers_bp = org_blueprint("papers", __name__, "/assemblies/<int:assembly_id>/papers")


def _pdf(content: bytes, name: str) -> Response:
    return Response(
        content,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}-{g.org.slug}.pdf"'},
    )


def _year() -> int | None:
    return request.args.get("year", type=int)


@bp.route("/")
@require(can_view_register)
def index() -> str:
    today = g.org.today()
    return render_template("books/index.html", years=range(today.year, today.year - 10, -1))


@bp.route("/minutes.pdf")
@require(can_view_register)
def minutes_book() -> Response:
    year = _year()
    content = books.minutes_book(g.org, book_year(year, g.org.today()) if year else None)
    return _pdf(content, "book-of-minutes")


@bp.route("/attendance.pdf")
@require(can_view_register)
def attendance_book() -> Response:
    year = book_year(_year(), g.org.today())
    content = books.attendance_book(g.org, books.closed_assemblies(g.org, year), year)
    return _pdf(content, f"attendance-book-{year}")


@bp.route("/register.pdf")
@require(can_view_register)
def register_book() -> Response:
    return _pdf(books.register_book(g.org), "register-of-members")


@papers_bp.route("/attendance-book.pdf")
@require(can_view_register)
def assembly_attendance_book(assembly_id: int) -> Response:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    return _pdf(books.attendance_book(g.org, [assembly], None), f"attendance-{assembly.id}")


@papers_bp.route("/attendance-sheet.pdf")
@require(can_run_assemblies)
def attendance_sheet(assembly_id: int) -> Response:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    return _pdf(papers.attendance_sheet(g.org, assembly), f"attendance-sheet-{assembly.id}")


@papers_bp.route("/ballots/<int:item_id>.pdf")
@require(can_run_assemblies)
def ballots(assembly_id: int, item_id: int) -> Response:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    item = get_or_404(AgendaItem, g.org, item_id, assembly_id=assembly.id)
    content = papers.ballots(g.org, assembly, item, request.args.get("copies", type=int))
    return _pdf(content, f"ballots-{assembly.id}-{item.position}")


@papers_bp.route("/results-sheet.pdf")
@require(can_run_assemblies)
def results_sheet(assembly_id: int) -> Response:
    assembly = get_or_404(Assembly, g.org, assembly_id)
    return _pdf(papers.results_sheet(g.org, assembly), f"results-sheet-{assembly.id}")
