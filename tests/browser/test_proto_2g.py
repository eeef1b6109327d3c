import time
from tests.browser.test_member_votes_on_phone import _open_vote
from tests.factories import PIN

NAV = "(() => { const n = performance.getEntriesByType('navigation')[0]; return [n.type, n.redirectCount, n.loadEventEnd, n.responseStart, n.domContentLoadedEventEnd]; })()"


def run(browser, live_server, world, latency, number="001"):
    context = browser.new_context(
        viewport={"width": 360, "height": 640}, locale="pt-BR", java_script_enabled=False
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": latency,
            "downloadThroughput": 250_000 / 8,
            "uploadThroughput": 50_000 / 8,
        },
    )
    navs = []

    t0 = time.perf_counter()
    page.goto(f"{live_server}/o/coop-a/login")
    navs.append(page.evaluate(NAV))
    page.get_by_label("Número de cooperado").fill(number)
    page.get_by_label("PIN").fill(PIN)
    with page.expect_navigation():
        page.get_by_role("button", name="Entrar").click()
    navs.append(page.evaluate(NAV))
    with page.expect_navigation():
        page.get_by_role("button", name="Sim").click()
    navs.append(page.evaluate(NAV))
    total = time.perf_counter() - t0
    for n in navs:
        print(n)
    print("TOTAL", latency, round(total, 2), "nav sum", round(sum(n[2] for n in navs) / 1000, 2))
    context.close()


def test_proto(app, world, live_server, browser):
    _open_vote(app, world)
    for n in ("001", "002", "003"):
        run(browser, live_server, world, 300, n)


def test_proto800(app, world, live_server, browser):
    _open_vote(app, world)
    for n in ("001", "002", "003"):
        run(browser, live_server, world, 800, n)
