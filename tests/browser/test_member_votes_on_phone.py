"""A member votes from a cheap phone: in Portuguese, on 2G, with the text at 200 %."""

import time

import pytest
import sqlalchemy as sa
from flask_babel import force_locale, gettext

from coop.assemblies import attendance, session
from coop.assemblies.models import AgendaItem, Assembly
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members.pins import issue_pin
from coop.members.services import find_by_number
from coop.voting import services as voting
from coop.voting.models import Ballot, VoteOption
from tests.browser.conftest import phone
from tests.factories import PIN

VOTERS = ("001", "002", "003", "004", "005")
KBIT = 1000 / 8  # bytes per second in one kbit/s


def _open_vote(app, world) -> None:
    """Members 001-005 checked in, each with the PIN, and the vote on the accounts open."""
    with app.app_context():
        org = db.session.get(Organization, world.a.id)
        assembly = db.session.get(Assembly, world.a.assembly_id)
        item = db.session.get(AgendaItem, world.a.decision_item_id)
        for number in VOTERS:
            member = find_by_number(org, number)
            attendance.check_in(org, assembly, member, None)
            if number != "001":  # the factory gave 001 its PIN already
                issue_pin(org, member, None, pin=PIN)
        session.open_session(org, assembly, None)
        voting.open_vote(org, assembly, item, None)
        db.session.commit()


def _pt(app, message: str, same_in_english: bool = False, **values: str) -> str:
    with app.test_request_context(), force_locale("pt_BR"):
        text = gettext(message, **values)
    assert same_in_english or text != gettext(message, **values) or values, message
    return text


def _log_in(app, page, number: str) -> None:
    page.get_by_label(_pt(app, "Member number")).fill(number)
    page.get_by_label(_pt(app, "PIN", same_in_english=True)).fill(PIN)
    with page.expect_navigation():
        page.get_by_role("button", name=_pt(app, "Enter")).click()


def _vote_yes(app, page) -> None:
    # Tapping an option shows its confirmation on the same page (the stylesheet does it).
    page.locator("label.choice", has_text=_pt(app, "Yes")).click()
    confirm = page.locator(".option:has(.pick:checked) .confirm button")
    with page.expect_navigation():
        confirm.click()


def _recorded(app) -> str:
    return _pt(
        app,
        "Your vote is recorded. You voted %(choice)s on: %(question)s",
        choice=_pt(app, "Yes").upper(),
        question="Estados financieros",
    )


def test_member_votes_from_a_phone_in_portuguese(app, world, live_server, browser):
    _open_vote(app, world)
    context = phone(browser)
    page = context.new_page()
    page.goto(f"{live_server}/o/coop-a/assemblies/{world.a.assembly_id}/ballot")
    # Not logged in: the member login page, in Portuguese.
    assert page.locator("html").get_attribute("lang") == "pt-BR"
    _log_in(app, page, "001")
    page.get_by_role("heading", name="Estados financieros").wait_for()
    _vote_yes(app, page)
    # The receipt says in plain words what was recorded, with its code.
    assert " ".join(page.get_by_role("status").inner_text().split()) == _recorded(app)
    code = page.locator(".receipt").inner_text()
    with app.app_context():
        ballot = db.session.scalar(sa.select(Ballot))
        assert ballot is not None and ballot.receipt == code
        yes = db.session.scalar(sa.select(VoteOption.id).where(VoteOption.key == "yes"))
        assert ballot.marks == [yes]
    context.close()


class Traffic:
    """What went over the emulated network, from the DevTools protocol's events: requests
    the browser's cache answered are not counted."""

    def __init__(self, cdp) -> None:
        self.sent: dict[str, int] = {}
        self.urls: dict[str, str] = {}
        self.cached: set[str] = set()
        self.down = 0
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.requestWillBeSentExtraInfo", self._headers)
        cdp.on("Network.requestServedFromCache", lambda e: self.cached.add(e["requestId"]))
        cdp.on("Network.loadingFinished", self._finished)

    def _request(self, event: dict) -> None:
        self.urls[event["requestId"]] = event["request"]["url"]
        body = event["request"].get("postData", "")
        line = f"{event['request']['method']} {event['request']['url']} HTTP/1.1\r\n"
        # The extra-info event with the headers may come first: add, never overwrite.
        self.sent[event["requestId"]] = (
            self.sent.get(event["requestId"], 0) + len(body.encode()) + len(line)
        )

    def _headers(self, event: dict) -> None:
        size = sum(len(k) + len(v) + 4 for k, v in event["headers"].items()) + 2
        self.sent[event["requestId"]] = self.sent.get(event["requestId"], 0) + size

    def _finished(self, event: dict) -> None:
        self.down += int(event["encodedDataLength"])

    @property
    def requests(self) -> int:
        return len(set(self.sent) - self.cached)

    def fetched(self, part: str) -> int:
        """How many requests for URLs holding `part` went over the network."""
        return sum(1 for rid, url in self.urls.items() if part in url and rid not in self.cached)

    @property
    def up(self) -> int:
        return sum(size for rid, size in self.sent.items() if rid not in self.cached)


# (name, latency in ms, budget in seconds, the member who votes)
NETWORKS = [("regular 2G", 300, 2.5, "002"), ("slow 2G", 800, 5.0, "003")]

# Time from the start of each navigation to its load event, which the page's own scripts
# (there are none) cannot change; it counts the redirects and the stylesheet.
NAVIGATION_MS = "performance.getEntriesByType('navigation')[0].loadEventEnd"


@pytest.mark.parametrize("network", NETWORKS, ids=[n[0] for n in NETWORKS])
def test_from_login_to_confirmation_within_the_2g_budget(app, world, live_server, browser, network):
    """Cold cache, 360×640, pt-BR, JavaScript off, 250 kbit/s down and 50 up: the time the
    member waits for the network, from the login page to the confirmation, is in budget."""
    name, latency, budget, number = network
    _open_vote(app, world)
    context = phone(browser)  # a new context has an empty cache
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": latency,
            "downloadThroughput": 250 * KBIT,
            "uploadThroughput": 50 * KBIT,
        },
    )
    traffic = Traffic(cdp)

    started = time.perf_counter()
    page.goto(f"{live_server}/o/coop-a/login")
    steps = [page.evaluate(NAVIGATION_MS)]
    _log_in(app, page, number)
    page.get_by_role("heading", name="Estados financieros").wait_for()
    steps.append(page.evaluate(NAVIGATION_MS))
    _vote_yes(app, page)
    page.get_by_text(_recorded(app)).wait_for()
    steps.append(page.evaluate(NAVIGATION_MS))
    wall = time.perf_counter() - started
    context.close()

    waited = sum(steps) / 1000
    print(
        f"\n{name}: {latency} ms, 250/50 kbit/s, cold cache, 360×640, pt-BR, no JavaScript\n"
        f"  login page {steps[0] / 1000:.2f} s + login to ballot {steps[1] / 1000:.2f} s"
        f" + vote to confirmation {steps[2] / 1000:.2f} s = {waited:.2f} s"
        f" (budget {budget} s)\n"
        f"  {traffic.requests} requests, {traffic.down / 1000:.1f} KB down,"
        f" {traffic.up / 1000:.1f} KB up;"
        f" {wall:.2f} s with the test's own typing and tapping"
    )
    assert waited <= budget, f"{name}: {waited:.2f} s from login to confirmation"
    # The stylesheet crosses the line once; the login and the vote are answered without a
    # redirect: four round trips in all.
    assert traffic.fetched("/static/") == 1 and traffic.requests == 4


# Elements that must not be wider than their own box: the ballot's buttons wrap, the
# question fits its card.
OVERFLOWING = """() => [...document.querySelectorAll('button, .card, h1, h2, a.button, .top > *')]
  .filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => e.tagName + '.' + e.className + ': ' + e.textContent.trim().slice(0, 30))"""

# (what the test sets, the member who votes, extra context options)
READERS = [
    ("100 % text", 16, "002", {}),
    ("200 % text", 32, "003", {}),
    # 200 % zoom of a 360-px screen: 180 CSS pixels on a screen of twice the density.
    (
        "200 % zoom",
        16,
        "004",
        {"viewport": {"width": 180, "height": 320}, "device_scale_factor": 2},
    ),
]


@pytest.mark.parametrize("reader", READERS, ids=[r[0] for r in READERS])
def test_member_pages_fit_the_phone_with_large_text(app, world, live_server, browser, reader):
    name, font_px, number, options = reader
    _open_vote(app, world)
    context = phone(browser, **options)
    page = context.new_page()
    # The phone's text-size setting: the browser's default font size.
    cdp = context.new_cdp_session(page)
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": font_px, "fixed": font_px * 13 // 16}})
    base = f"{live_server}/o/coop-a"

    def fits(what: str) -> None:
        # Relative units: the text follows the setting (a size in px would ignore it).
        assert page.evaluate("getComputedStyle(document.body).fontSize") == f"{font_px}px"
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll <= client, f"{what} at {name}: {scroll - client} px of sideways scroll"
        assert page.evaluate(OVERFLOWING) == [], f"{what} at {name}"

    page.goto(f"{base}/login")
    fits("member login")
    _log_in(app, page, number)
    fits("ballot")
    _vote_yes(app, page)
    page.get_by_role("status").wait_for()
    fits("confirmation")
    for what, url in [
        ("start page", "/"),
        ("assemblies", "/assemblies/"),
        ("assembly", f"/assemblies/{world.a.assembly_id}"),
        ("notice", f"/assemblies/{world.a.assembly_id}/notice"),
        ("statute", "/statute/"),
        ("ballot with the receipt", f"/assemblies/{world.a.assembly_id}/ballot"),
    ]:
        assert page.goto(base + url).ok, what
        fits(what)
    context.close()


def test_the_language_is_chosen_on_the_phone_without_javascript(app, world, live_server, browser):
    context = phone(browser)
    page = context.new_page()
    page.goto(f"{live_server}/o/coop-a/login")
    assert not page.get_by_role("button", name="Français").is_visible()
    page.locator("summary", has_text="Português (Brasil)").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Français").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    page.get_by_role("heading", name="Se connecter en tant que membre").wait_for()
    context.close()
