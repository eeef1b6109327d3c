import gc
import threading

import pytest

from coop.core.memory import bulk_work, collector_paused


@pytest.fixture(autouse=True)
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_paused_inside_and_back_after():
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_still_puts_it_back():
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()


def test_work_that_overlaps_keeps_it_paused_until_the_last_ends():
    started, finish = threading.Event(), threading.Event()
    seen = []

    def other() -> None:
        with collector_paused():
            started.set()
            finish.wait(5)
            seen.append(gc.isenabled())

    thread = threading.Thread(target=other)
    with collector_paused():
        thread.start()
        started.wait(5)
    # The first piece of work ended; the other still runs, and the collector stays paused.
    assert not gc.isenabled()
    finish.set()
    thread.join(5)
    assert seen == [False]
    assert gc.isenabled()


def test_a_collector_paused_before_stays_paused():
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_the_decorator_passes_arguments_and_result_through():
    @bulk_work
    def work(a: int, b: int = 0) -> tuple[int, bool]:
        return a + b, gc.isenabled()

    assert work(2, b=3) == (5, False)
    assert gc.isenabled()
