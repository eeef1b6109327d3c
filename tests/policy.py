"""Who may open what: every route of the app, and the roles of an organization that may use it.

This table is the statement the matrix tests (tests/integration/web/test_matrix.py) hold the
app to; it is written here once, apart from the code, so that a view that forgets its check,
or a route added without a line here, fails them. Roles:

- admin, secretary, certifier: accounts that log in by e-mail with a current access;
- member: a member of the register logged in with their PIN;
- expired_certifier: a certifier whose access has ended;
- former_member: a member who logged in, then left the organization;
- anonymous: nobody logged in.
"""

ROLES = (
    "admin",
    "secretary",
    "member",
    "certifier",
    "expired_certifier",
    "former_member",
    "anonymous",
)

BOARD = frozenset({"admin", "secretary"})
READERS = BOARD | {"certifier"}  # the register's readers
CURRENT = READERS | {"member"}  # everyone whose access counts today
# Any logged-in account, whatever its accesses: pages that are about the account itself.
ACCOUNT = frozenset(ROLES) - {"anonymous"}
# Anyone, logged in or not.
PUBLIC = frozenset(ROLES)
# No browser: routes that answer only an API token.
NOBODY: frozenset[str] = frozenset()

# endpoint -> the roles that may use it (every method the route has). Organization routes
# (under /o/<org>/) are checked in the role's own organization and, for every role, refused
# in another; the others are checked for the role's account.
POLICY: dict[str, frozenset[str]] = {
    # The account: log in and out, the start page, the password, invitations, language.
    "auth.index": ACCOUNT,
    "auth.login": PUBLIC,
    "auth.logout": ACCOUNT,
    "auth.language": PUBLIC,
    "auth.password": ACCOUNT,
    "auth.invitation": PUBLIC,
    "static": PUBLIC,
    # The organization's home and member login.
    "orgs.dashboard": CURRENT,
    "member_auth.login": PUBLIC,
    "member_auth.lift_lock": BOARD,
    # Accounts and invitations.
    "accounts.index": frozenset({"admin"}),
    "accounts.revoke": frozenset({"admin"}),
    "accounts.withdraw_invitation": frozenset({"admin"}),
    # The member register.
    "members.index": READERS,
    "members.show": CURRENT,  # a member sees their own record only (checked apart)
    "members.me": frozenset({"member"}),
    "members.new": BOARD,
    "members.edit": BOARD,
    "members.change_status": BOARD,
    "members.units": BOARD,
    "members.pin": BOARD,
    "members.record_standing": BOARD,
    "members.record_employment": BOARD,
    "members.complete_employment": BOARD,
    "members.complete_date": BOARD,
    "members.to_complete": BOARD,
    "member_files.upload": BOARD,
    "member_files.preview": BOARD,
    "member_files.mapping": BOARD,
    "member_files.apply": BOARD,
    "member_files.cancel": BOARD,
    "member_files.export": READERS,
    "member_files.cards": BOARD,
    "member_figures.indicators": READERS,
    "member_figures.edit_thresholds": BOARD,
    # Assemblies.
    "assemblies.index": CURRENT,
    "assemblies.show": CURRENT,
    "assemblies.notice": CURRENT,
    "assemblies.notice_pdf": CURRENT,
    "assemblies.new": BOARD,
    "assemblies.add_item": BOARD,
    "assemblies.move_item": BOARD,
    "assemblies.convene": BOARD,
    "assemblies.cancel": BOARD,
    # The assembly's day.
    "assembly_day.attendance": BOARD,
    "assembly_day.attendance_book": BOARD,
    "assembly_day.depart": BOARD,
    "assembly_day.paper": BOARD,
    "assembly_day.add_proxy": BOARD,
    "assembly_day.remove_proxy": BOARD,
    "assembly_day.designate": BOARD,
    "assembly_day.withdraw_delegate": BOARD,
    "assembly_day.open_session": BOARD,
    "assembly_day.no_quorum": BOARD,
    "assembly_day.close": BOARD,
    # Votes.
    "voting.open_vote": BOARD,
    "voting.new_vote": BOARD,
    "voting.show_of_hands": BOARD,
    "voting.counts": BOARD,
    "voting.close_vote": BOARD,
    "voting.tie": BOARD,
    "voting.propose": BOARD,
    "voting.result": CURRENT,
    "abstentions.add": BOARD,
    "abstentions.remove": BOARD,
    "ballots.ballot": frozenset({"member"}),
    "ballots.cast": frozenset({"member"}),
    # Minutes (approved ones: everyone in the organization; the draft's pages: the board).
    "minutes.show": CURRENT,
    "minutes.pdf": CURRENT,
    "minutes.edit": BOARD,
    "minutes.approve": BOARD,
    "minutes.add_addendum": BOARD,
    # Anyone of the organization may try to sign; the minutes say whose signature they await.
    "minutes.sign": CURRENT,
    "minutes_settings.signers": frozenset({"admin"}),
    # The books (PDF) and the assembly's papers.
    "books.index": READERS,
    "books.minutes_book": READERS,
    "books.attendance_book": READERS,
    "books.register_book": READERS,
    "papers.assembly_attendance_book": READERS,
    "papers.attendance_sheet": BOARD,
    "papers.ballots": BOARD,
    "papers.results_sheet": BOARD,
    # The statute.
    "statutes.index": CURRENT,
    "statutes.new": frozenset({"admin"}),
    # Governance evidence: the board and the certifier see the same page.
    "evidence.index": READERS,
    "evidence.show": READERS,
    "evidence.attendance": READERS,
    "evidence.settings": frozenset({"admin"}),
    # Certifiers' limits and API tokens: the admin; what certifiers opened: the board.
    "certifiers.index": frozenset({"admin"}),
    "certifiers.limits": frozenset({"admin"}),
    "certifiers.issue_token": frozenset({"admin"}),
    "certifiers.revoke_token": frozenset({"admin"}),
    "certifiers.log": BOARD,
    # The certifier's export.
    "exports.index": frozenset({"admin", "certifier"}),
    "exports.choose": frozenset({"admin", "certifier"}),
    "exports.download": frozenset({"admin", "certifier"}),
    # The API answers a certifier's token, never a browser's session; its description, anyone.
    "api.openapi": PUBLIC,
    "api.organizations": NOBODY,
    "api.organization": NOBODY,
    "api.members": NOBODY,
    "api.assemblies": NOBODY,
    "api.assembly": NOBODY,
    "api.votes": NOBODY,
    "api.minutes": NOBODY,
    "api.evidence": NOBODY,
}
