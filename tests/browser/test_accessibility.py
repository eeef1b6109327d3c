"""axe-core, pinned, finds no violation on the key pages, for members and for the board."""

import sqlalchemy as sa

from coop.assemblies import session
from coop.assemblies.models import Assembly
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.voting import services as voting
from coop.voting.models import Vote
from tests.browser.conftest import axe_violations, phone
from tests.browser.test_member_votes_on_phone import _log_in, _open_vote, _vote_yes
from tests.factories import PASSWORD, make_member


def _fill_the_register(app, world) -> None:
    # More than one page of the register, so that its pager is there too; members who
    # have left, so that the quorum of the assembly stays as it is.
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        for n in range(100, 160):
            make_member(org, str(n), status="withdrawn")
        db.session.commit()


def _close_the_assembly(app, world) -> None:
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        assembly = db.session.get(Assembly, world.a.assembly_id)
        vote = db.session.scalar(sa.select(Vote))
        voting.close_vote(org, assembly, vote, None)
        session.close(org, assembly, None)
        db.session.commit()


def _check(page, source: str, what: str, problems: list[str]) -> None:
    problems += [f"{what}: {violation}" for violation in axe_violations(page, source)]


def test_key_pages_have_no_accessibility_violation(app, world, live_server, browser, axe_source):
    _fill_the_register(app, world)
    _open_vote(app, world)
    base = f"{live_server}/o/coop-a"
    assembly = f"{base}/assemblies/{world.a.assembly_id}"
    problems: list[str] = []

    # A member on a phone, in Portuguese. The pages have no script; axe needs the browser's.
    member = phone(browser, java_script_enabled=True)
    page = member.new_page()
    page.goto(f"{live_server}/login")
    _check(page, axe_source, "board login", problems)
    page.goto(f"{base}/login")
    _check(page, axe_source, "member login", problems)
    _log_in(app, page, "002")
    _check(page, axe_source, "ballot", problems)
    _vote_yes(app, page)
    _check(page, axe_source, "confirmation", problems)
    assert page.goto(f"{base}/").ok
    _check(page, axe_source, "member start page", problems)
    member.close()

    # The secretary on a laptop, in Spanish.
    board = browser.new_context(viewport={"width": 1280, "height": 800}, locale="es")
    page = board.new_page()
    page.goto(f"{live_server}/login")
    page.locator("#email").fill("secretary@coop-a.test")
    page.locator("#password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("form.card button").click()
    assert page.goto(f"{base}/members/").ok
    assert page.locator("nav.pager").count() == 1
    _check(page, axe_source, "register", problems)
    for what, url in [
        ("assembly", assembly),
        ("attendance and quorum", f"{assembly}/attendance"),
        ("statute", f"{base}/statute/"),
        ("import", f"{base}/members/import"),
        ("member record", f"{base}/members/{world.a.member_ids['001']}"),
        ("records to complete", f"{base}/members/to-complete"),
        ("register figures", f"{base}/members/indicators"),
    ]:
        assert page.goto(url).ok, what
        _check(page, axe_source, what, problems)
    _close_the_assembly(app, world)
    assert page.goto(f"{assembly}/minutes/").ok
    _check(page, axe_source, "minutes", problems)
    board.close()

    assert not problems, "\n".join(problems)
