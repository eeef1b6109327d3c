"""The organization's home page."""

from flask import g, render_template

from coop.assemblies.models import Assembly, AssemblyStatus
from coop.extensions import db
from coop.members.services import count_voting_members
from coop.orgs.context import org_blueprint
from coop.orgs.scoping import scoped

bp = org_blueprint("orgs", __name__)


@bp.route("/")
def dashboard() -> str:
    assemblies = db.session.scalars(
        scoped(Assembly, g.org)
        .where(Assembly.status != AssemblyStatus.CANCELLED)
        .order_by(Assembly.starts_at.desc())
        .limit(5)
    ).all()
    return render_template(
        "orgs/dashboard.html", assemblies=assemblies, active_members=count_voting_members(g.org)
    )
