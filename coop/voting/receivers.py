"""Voting's part in the steps of the layers below: no close with a vote open, no new PIN for
a member who may vote now, the vote on each agenda item on the assembly's page, and members
employed by the cooperative kept off the roll until the accounts of the year they left are
approved (only voting knows which accounts votes were adopted)."""

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import render_template
from markupsafe import Markup

from coop.assemblies import signals
from coop.assemblies.forms import ProposeItemForm
from coop.assemblies.models import Assembly
from coop.assemblies.services import closed_agenda
from coop.auth.permissions import can_run_assemblies, can_vote
from coop.core.errors import DomainError
from coop.core.i18n import _
from coop.members import signals as member_signals
from coop.members.models import Member
from coop.members.queries import vote_withheld_by_employment
from coop.statutes.rules import StatuteRules
from coop.statutes.services import statute_on
from coop.voting.counts import voted_counts
from coop.voting.elections import employment_on, latest_accounts_approval, withheld_reason
from coop.voting.services import open_votes_count, votes_by_item, voting_without_being_present


@signals.closing.connect
def refuse_while_votes_are_open(org: Any, assembly: Assembly, **_kwargs: Any) -> None:
    """An assembly cannot close while one of its votes is still open."""
    if open_votes_count(assembly):
        raise DomainError(_("Close the open votes before closing the assembly."))


@member_signals.pin_issuing.connect
def refuse_pin_while_the_member_may_vote(org: Any, member: Member, **_kwargs: Any) -> None:
    """No new PIN for a member who may vote in an open vote and is not in the room: whoever
    holds the new PIN could vote in the member's place."""
    if voting_without_being_present(member):
        raise DomainError(
            _(
                "%(name)s may vote in a vote that is open now and is not checked in: a new PIN "
                "is issued once the vote is closed, or to the member in person at the desk.",
                name=member.full_name,
            )
        )


@signals.page.connect
def assembly_page(org: Any, assembly: Assembly, access: Any, **_kwargs: Any) -> dict[str, str]:
    """The vote of each agenda item, the way to the ballot, and adding an item by vote."""
    board = can_run_assemblies(access)
    votes = votes_by_item(assembly)
    voted = voted_counts([v.id for taken in votes.values() for v in taken if v.is_open])
    parts = {
        f"item-{item.id}": render_template(
            "voting/_assembly_item.html",
            assembly=assembly,
            item=item,
            votes=votes.get(item.id, []),
            voted=voted,
            board=board,
        )
        for item in assembly.items
        if item.is_voted
    }
    if assembly.is_in_session and can_vote(access):
        parts["actions"] = render_template("voting/_assembly_actions.html", assembly=assembly)
    if assembly.is_in_session and board:
        parts["after_agenda"] = render_template(
            "voting/_propose.html",
            assembly=assembly,
            propose_form=ProposeItemForm(formdata=None),
            closed=closed_agenda(org, assembly),
        )
    return parts


@signals.roll_exclusions.connect
def employees_off_the_roll(
    org: Any, rules: StatuteRules, day: date, **_kwargs: Any
) -> sa.Select | None:
    """Where the statute says so, members employed by the cooperative on the roll's day, or
    who left in a year whose accounts were not approved by then, are not on the roll."""
    if not rules.employees_vote_after_accounts:
        return None
    return vote_withheld_by_employment(org, day, latest_accounts_approval(org, day))


@signals.roll_refusals.connect
def employees_refused(
    org: Any, rules: StatuteRules, day: date, member_ids: list[int], **_kwargs: Any
) -> dict[int, str]:
    """Why employment keeps these members off the roll, for the door to say."""
    employed = employment_on(org, rules, day, member_ids)
    return {member_id: withheld_reason(withheld) for member_id, withheld in employed.items()}


@member_signals.page.connect
def employment_on_member_page(org: Any, member: Member, **_kwargs: Any) -> dict[str, str]:
    """On the member's page, whether employment withholds their vote today."""
    if not member.employment:
        return {}
    today = org.today()
    employed = employment_on(org, statute_on(org, today).rules, today, [member.id])
    if member.id not in employed:
        return {}
    reason = withheld_reason(employed[member.id])
    sentence = f"{reason[:1].upper()}{reason[1:]}."
    return {"employment": Markup('<p class="flash error">{}</p>').format(sentence)}
