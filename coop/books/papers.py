"""The papers of an assembly held without a connection: the attendance sheet to sign, the
ballots, and the sheet on which the scrutineers write the count."""

import sqlalchemy as sa
from flask_babel import force_locale

from coop.assemblies.models import AgendaItem, Assembly
from coop.assemblies.roll import eligible_select
from coop.assemblies.services import rules_for
from coop.books.books import render_document
from coop.books.rules import ballot_copies
from coop.core.extensions import db
from coop.core.labels import label
from coop.core.tenancy.models import Organization
from coop.members.models import Member
from coop.members.queries import Filters, search_members
from coop.statutes.rules import DecisionKind

# The options of a vote on a motion today; choices and candidates will bring their own.
MOTION_OPTIONS = ("yes", "no", "abstain")


def voters_count(org: Organization, assembly: Assembly) -> int:
    """How many members may vote in the assembly (its roll, once the session opened)."""
    roll = eligible_select(org, assembly, rules_for(org, assembly)).subquery()
    return db.session.scalar(sa.select(sa.func.count()).select_from(roll)) or 0


def attendance_sheet(org: Organization, assembly: Assembly) -> bytes:
    """The sheet members sign at the door: everyone entitled to vote, by name."""
    rules = rules_for(org, assembly)
    roll = eligible_select(org, assembly, rules).subquery()
    members = db.session.scalars(
        search_members(org, Filters(sort="name")).where(Member.id.in_(sa.select(roll.c.member_id)))
    ).all()
    return render_document(
        org,
        "books/attendance_sheet.html",
        assembly=assembly,
        members=members,
        proxies=rules.proxies_per_holder > 0,
    )


def ballot_options(item: AgendaItem) -> list[str]:
    """The options printed on a ballot, in the language in force (a motion's, today)."""
    return [label(key) for key in MOTION_OPTIONS]


def ballots(org: Organization, assembly: Assembly, item: AgendaItem, asked: int | None) -> bytes:
    """Paper ballots for the vote on `item`, two to a sheet, in large print."""
    copies = ballot_copies(asked, voters_count(org, assembly))
    with force_locale(org.default_locale):
        options = ballot_options(item)
    return render_document(
        org, "books/ballots.html", assembly=assembly, item=item, options=options, copies=copies
    )


def results_sheet(org: Organization, assembly: Assembly) -> bytes:
    """For the scrutineers: one page per item put to the vote, with the rule it is decided
    by and boxes for the count of each option."""
    rules = rules_for(org, assembly)
    voted = [item for item in assembly.items if item.is_voted]
    terms = {
        item.id: (
            str(rules.majority(DecisionKind(item.decision_kind))),
            rules.decision_quorums.get(DecisionKind(item.decision_kind)),
        )
        for item in voted
    }
    with force_locale(org.default_locale):
        options = {item.id: ballot_options(item) for item in voted}
    return render_document(
        org,
        "books/results_sheet.html",
        assembly=assembly,
        items=voted,
        terms=terms,
        options=options,
    )
