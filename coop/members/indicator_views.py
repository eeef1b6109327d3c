"""Register indicators and the organization's small-producer thresholds."""

from decimal import Decimal

from flask import g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from coop.auth.permissions import can_manage_register, can_view_register
from coop.core.i18n import _
from coop.core.tenancy.context import org_blueprint, require
from coop.core.transactions import attempt
from coop.members import threshold_services
from coop.members.columns import AREA_MAX, CellError, parse_decimal
from coop.members.indicators import register_indicators
from coop.members.queries import thresholds
from coop.members.rules import Product, Threshold

bp = org_blueprint("member_figures", __name__, "/members")


@bp.route("/indicators")
@require(can_view_register)
def indicators() -> str:
    return render_template("members/indicators.html", figures=register_indicators(g.org))


@bp.route("/thresholds", methods=["GET", "POST"])
@require(can_manage_register)
def edit_thresholds() -> Response | str | tuple[str, int]:
    errors: dict[str, str] = {}
    limits = thresholds(g.org)
    youth = g.org.youth_max_age
    if request.method == "POST":
        limits, youth, errors = _read_form()
        if not errors and attempt(
            lambda: threshold_services.save_thresholds(g.org, limits, youth, current_user.id),
            _("The thresholds are saved."),
        ):
            return redirect(url_for("member_figures.indicators"))
    return render_template(
        "members/thresholds.html", limits=limits, youth=youth, errors=errors, products=list(Product)
    ), 400 if errors else 200


def _read_form() -> tuple[dict[Product, Threshold], int, dict[str, str]]:
    errors: dict[str, str] = {}
    limits: dict[Product, Threshold] = {}
    for product in Product:
        area = _decimal(f"area-{product.value}", errors)
        hives = _decimal(f"hives-{product.value}", errors, Decimal(100_000))
        if hives is not None and hives != hives.to_integral_value():
            errors[f"hives-{product.value}"] = _("A whole number is needed.")
        limits[product] = Threshold(area, int(hives) if hives is not None else None)
    raw_youth = request.form.get("youth", "").strip()
    # ASCII digits only: "²" is a digit to str.isdigit, and int() refuses it.
    digits = raw_youth.isascii() and raw_youth.isdigit() and len(raw_youth) <= 3
    youth = int(raw_youth) if digits and 10 <= int(raw_youth) <= 60 else 0
    if not youth:
        errors["youth"] = _("Enter an age between 10 and 60.")
    return limits, youth, errors


def _decimal(name: str, errors: dict[str, str], high: Decimal = AREA_MAX) -> Decimal | None:
    raw = request.form.get(name, "").strip()
    if not raw:
        return None
    try:
        return parse_decimal(raw, Decimal(0), high)
    except CellError:
        errors[name] = _("The number must be between %(low)s and %(high)s.", low=0, high=high)
        return None
