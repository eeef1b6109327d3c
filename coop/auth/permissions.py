"""Who may do what in an organization: named predicates for views and templates alike."""

from datetime import date

from coop.auth.models import Access, Role

BOARD = frozenset({Role.ADMIN, Role.SECRETARY})


def is_current(access: Access | None, today: date) -> bool:
    """An access counts until its expiry date, inclusive."""
    return access is not None and (access.expires_on is None or today <= access.expires_on)


def can_view_register(access: Access | None) -> bool:
    """The board keeps the register; a certifier reads it."""
    return access is not None and access.role in BOARD | {Role.CERTIFIER}


def can_manage_register(access: Access | None) -> bool:
    """Adding and editing members, and issuing PINs, is the board's work."""
    return access is not None and access.role in BOARD


def can_run_assemblies(access: Access | None) -> bool:
    """Creating, convening and running assemblies, votes and minutes is the board's work."""
    return access is not None and access.role in BOARD


def can_view_assemblies(access: Access | None) -> bool:
    """Every role of the organization sees its assemblies and their results."""
    return access is not None


def can_vote(access: Access | None) -> bool:
    """Only an account linked to a member of the register casts ballots."""
    return access is not None and access.member_id is not None


def can_export(access: Access | None) -> bool:
    """The certifier's export is for certifiers and the board's admins."""
    return access is not None and access.role in {Role.ADMIN, Role.CERTIFIER}


def can_view_minutes(access: Access | None, approved: bool) -> bool:
    """Approved minutes are for everyone in the organization; drafts for the board."""
    return access is not None and (approved or access.role in BOARD)


def can_manage_accounts(access: Access | None) -> bool:
    """Only administrators give and take away access to the organization."""
    return access is not None and access.role == Role.ADMIN


def can_see_member(access: Access | None, member_id: int) -> bool:
    """A member's full record, ID and phone included: the register's readers and the member."""
    return can_view_register(access) or (access is not None and access.member_id == member_id)


def can_set_statute(access: Access | None) -> bool:
    """Recording the statute's rules is for administrators."""
    return access is not None and access.role == Role.ADMIN
