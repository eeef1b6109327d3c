"""The organization's home page."""

from flask import g, render_template

from coop.assemblies.models import Assembly, AssemblyStatus
from coop.core.extensions import db
from coop.core.tenancy.context import org_blueprint
from coop.core.tenancy.scoping import scoped
from coop.members.services import count_voting_members

bp = org_blueprint("orgs", __name__)  # "orgs.dashboard": the organization's home


@bp.route("/")
def dashboard() -> str:
    assemblies = db.session.scalars(
        scoped(Assembly, g.org)
        .where(Assembly.status != AssemblyStatus.CANCELLED)
        .order_by(Assembly.starts_at.desc())
        .limit(5)
    ).all()
    return render_template(
        "home/dashboard.html", assemblies=assemblies, active_members=count_voting_members(g.org)
    )
