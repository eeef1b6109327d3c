"""The assembly's day: attendance, departures, the paper sheet, proxies, opening, closing."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import g, redirect, render_template, request, url_for
from flask_babel import format_number
from flask_login import current_user
from werkzeug.wrappers import Response

from coop.assemblies import attendance as book
from coop.assemblies import delegates, proxies, roll, session
from coop.assemblies.forms import CheckInForm, PaperSheetForm, ProxyForm
from coop.assemblies.models import Assembly, Attendance, Delegate, Proxy
from coop.assemblies.services import assembly_day, rules_for
from coop.auth.permissions import can_run_assemblies
from coop.core.i18n import _
from coop.core.routing import page_number
from coop.core.tenancy.context import org_blueprint, require
from coop.core.tenancy.scoping import get_or_404
from coop.core.transactions import attempt, submit

bp = org_blueprint("assembly_day", __name__, "/assemblies/<int:assembly_id>")


def _assembly(assembly_id: int) -> Assembly:
    return get_or_404(Assembly, g.org, assembly_id)


def _back(assembly: Assembly, endpoint: str = "assembly_day.attendance") -> Response:
    return redirect(url_for(endpoint, assembly_id=assembly.id))


# Lines of the attendance book per page; the door page shows only the latest arrivals.
BOOK_PAGE = 100
RECENT = 10


def _page(
    assembly: Assembly, form: CheckInForm, found: book.Matches | None = None, status: int = 200
) -> tuple[str, int]:
    return render_template(
        "assemblies/attendance.html",
        assembly=assembly,
        form=form,
        found=found or book.Matches([], 0),
        quorum=roll.quorum_panel(g.org, assembly),
        recent=book.attendance_page(assembly, 1, RECENT)[0],
        present=book.present_count(assembly),
        sources=book.lines_by_source(assembly),
        proxies=proxies.proxy_list(assembly),
        rules=rules_for(g.org, assembly),
        paper_form=PaperSheetForm(formdata=None),
        proxy_form=ProxyForm(formdata=None),
    ), status


@bp.route("/attendance", methods=["GET", "POST"])
@require(can_run_assemblies)
def attendance(assembly_id: int) -> Response | tuple[str, int]:
    assembly = _assembly(assembly_id)
    form = CheckInForm()
    if not form.validate_on_submit():
        return _page(assembly, form, status=400 if form.errors else 200)
    found = book.find_for_check_in(g.org, form.number.data)
    if found.total != 1:
        form.number.errors.append(
            _("Nobody matches “%(text)s”.", text=form.number.data)
            if not found.total
            else _("Several members match: choose one.")
        )
        return _page(assembly, form, found, 400 if not found.total else 200)
    if attempt(
        lambda: book.check_in(g.org, assembly, found.members[0], current_user.id),
        lambda entry: _("%(name)s is checked in.", name=entry.member.full_name),
        errors=form.number.errors,
    ):
        return _back(assembly)
    return _page(assembly, form, status=400)


@bp.route("/attendance/book")
@require(can_run_assemblies)
def attendance_book(assembly_id: int) -> str:
    assembly = _assembly(assembly_id)
    entries, total = book.attendance_page(assembly, page_number(), BOOK_PAGE)
    return render_template(
        "assemblies/attendance_book.html",
        assembly=assembly,
        entries=entries,
        total=total,
        page=page_number(),
        pages=max(1, -(-total // BOOK_PAGE)),
    )


@bp.route("/attendance/<int:attendance_id>/depart", methods=["POST"])
@require(can_run_assemblies)
def depart(assembly_id: int, attendance_id: int) -> Response:
    assembly = _assembly(assembly_id)
    entry = get_or_404(Attendance, g.org, attendance_id, assembly_id=assembly.id)
    attempt(
        lambda: book.depart(g.org, assembly, entry, current_user.id),
        _("The departure is recorded."),
    )
    return _back(assembly)


@bp.route("/attendance/paper", methods=["POST"])
@require(can_run_assemblies)
def paper(assembly_id: int) -> Response:
    assembly = _assembly(assembly_id)
    form = PaperSheetForm()

    def enter() -> tuple[int, int]:
        zone = ZoneInfo(g.org.timezone)
        arrived = datetime.combine(assembly_day(g.org, assembly), form.time.data, zone)
        return book.enter_paper_sheet(g.org, assembly, form.numbers.data, arrived, current_user.id)

    submit(
        form,
        enter,
        lambda counts: _(
            "The paper sheet is entered: %(entered)s added, %(skipped)s already present.",
            entered=format_number(counts[0]),
            skipped=format_number(counts[1]),
        ),
    )
    return _back(assembly)


@bp.route("/proxies", methods=["POST"])
@require(can_run_assemblies)
def add_proxy(assembly_id: int) -> Response:
    assembly = _assembly(assembly_id)
    form = ProxyForm()
    submit(
        form,
        lambda: proxies.add_proxy(
            g.org,
            assembly,
            form.holder.data,
            form.represented.data,
            form.document.data or "",
            current_user.id,
        ),
        _("The proxy is recorded."),
    )
    return _back(assembly)


@bp.route("/proxies/<int:proxy_id>/remove", methods=["POST"])
@require(can_run_assemblies)
def remove_proxy(assembly_id: int, proxy_id: int) -> Response:
    assembly = _assembly(assembly_id)
    proxy = get_or_404(Proxy, g.org, proxy_id, assembly_id=assembly.id)
    attempt(
        lambda: proxies.remove_proxy(g.org, assembly, proxy, current_user.id),
        _("The proxy is withdrawn."),
    )
    return _back(assembly)


@bp.route("/delegates", methods=["POST"])
@require(can_run_assemblies)
def designate(assembly_id: int) -> Response:
    assembly = _assembly(assembly_id)
    number = request.form.get("number", "")[:20]
    attempt(
        lambda: delegates.designate(g.org, assembly, number, current_user.id),
        _("The delegate is recorded."),
    )
    return _back(assembly, "assemblies.show")


@bp.route("/delegates/<int:delegate_id>/withdraw", methods=["POST"])
@require(can_run_assemblies)
def withdraw_delegate(assembly_id: int, delegate_id: int) -> Response:
    assembly = _assembly(assembly_id)
    delegate = get_or_404(Delegate, g.org, delegate_id, assembly_id=assembly.id)
    attempt(
        lambda: delegates.withdraw(g.org, assembly, delegate, current_user.id),
        _("The delegate is withdrawn."),
    )
    return _back(assembly, "assemblies.show")


@bp.route("/open", methods=["POST"])
@require(can_run_assemblies)
def open_session(assembly_id: int) -> Response:
    assembly = _assembly(assembly_id)
    attempt(
        lambda: session.open_session(g.org, assembly, current_user.id), _("The session is open.")
    )
    return _back(assembly, "assemblies.show")


@bp.route("/no-quorum", methods=["POST"])
@require(can_run_assemblies)
def no_quorum(assembly_id: int) -> Response:
    assembly = _assembly(assembly_id)
    attempt(
        lambda: session.record_no_quorum(g.org, assembly, current_user.id),
        _("The call without quorum is recorded."),
    )
    return _back(assembly, "assemblies.show")


@bp.route("/close", methods=["POST"])
@require(can_run_assemblies)
def close(assembly_id: int) -> Response:
    assembly = _assembly(assembly_id)
    attempt(lambda: session.close(g.org, assembly, current_user.id), _("The assembly is closed."))
    return _back(assembly, "assemblies.show")
