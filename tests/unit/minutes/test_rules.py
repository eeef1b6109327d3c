from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coop.minutes.rules import (
    APPROVAL_AT_CLOSE,
    ApprovalRefusal,
    AssemblyFacts,
    addendum_slots,
    approval_refusal,
    check_seal,
    date_in_words,
    missing_slots,
    number_in_words,
    sha256_bytes,
    sha256_text,
    signing_slots,
    slot_role,
    special_terms,
)
from coop.statutes.presets import BRAZIL, URUGUAY
from coop.statutes.rules import DecisionKind


@pytest.mark.parametrize(
    ("day", "locale", "words"),
    [
        (date(2026, 3, 15), "es", "a los quince días del mes de marzo de 2026"),
        (date(2026, 3, 15), "pt_BR", "aos quinze dias do mês de março de 2026"),
        (date(2026, 3, 15), "en", "on the fifteenth day of March 2026"),
        (date(2026, 1, 1), "es", "al primer día del mes de enero de 2026"),
        (date(2026, 1, 1), "pt_BR", "ao primeiro dia do mês de janeiro de 2026"),
        (date(2026, 1, 1), "en", "on the first day of January 2026"),
        (date(2025, 12, 21), "es", "a los veintiún días del mes de diciembre de 2025"),
        (date(2025, 12, 31), "es", "a los treinta y un días del mes de diciembre de 2025"),
        (date(2025, 12, 22), "es_MX", "a los veintidós días del mes de diciembre de 2025"),
        (date(2025, 7, 21), "pt", "aos vinte e um dias do mês de julho de 2025"),
        (date(2025, 7, 2), "pt_BR", "aos dois dias do mês de julho de 2025"),
        (date(2025, 9, 16), "pt_BR", "aos dezesseis dias do mês de setembro de 2025"),
        (date(2025, 8, 22), "en", "on the twenty-second day of August 2025"),
        (date(2025, 8, 23), "en", "on the twenty-third day of August 2025"),
        (date(2025, 8, 31), "en", "on the thirty-first day of August 2025"),
        (date(2025, 8, 12), "en", "on the twelfth day of August 2025"),
        # A language without its own wording is written in English.
        (date(2025, 8, 12), "de", "on the twelfth day of August 2025"),
    ],
)
def test_dates_are_written_as_custom_has_it(day, locale, words):
    assert date_in_words(day, locale) == words


@pytest.mark.parametrize(
    ("number", "es", "pt", "en"),
    [
        (1, "uno", "um", "one"),
        (7, "siete", "sete", "seven"),
        (14, "catorce", "catorze", "fourteen"),
        (16, "dieciséis", "dezesseis", "sixteen"),
        (20, "veinte", "vinte", "twenty"),
        (21, "veintiuno", "vinte e um", "twenty-one"),
        (23, "veintitrés", "vinte e três", "twenty-three"),
        (29, "veintinueve", "vinte e nove", "twenty-nine"),
        (30, "treinta", "trinta", "thirty"),
        (31, "treinta y uno", "trinta e um", "thirty-one"),
    ],
)
def test_numbers_in_words(number, es, pt, en):
    assert number_in_words(number, "es") == es
    assert number_in_words(number, "pt_BR") == pt
    assert number_in_words(number, "en") == en


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_every_day_has_its_words_in_every_language(day):
    for locale in ("es", "pt_BR", "en"):
        words = date_in_words(day, locale)
        assert str(day.year) in words and not any(ch.isdigit() for ch in words[:-4])
    # Days are distinct in words: no two numbers share a wording.
    assert len({number_in_words(n, "es") for n in range(1, 32)}) == 31
    assert len({number_in_words(n, "pt") for n in range(1, 32)}) == 31
    assert len({number_in_words(n, "en") for n in range(1, 32)}) == 31


@pytest.mark.parametrize("number", [0, 32, -1])
def test_only_days_are_written_in_words(number):
    with pytest.raises(ValueError):
        number_in_words(number, "es")


def test_signing_slots():
    assert signing_slots(0) == ("president", "secretary")
    assert signing_slots(2) == ("president", "secretary", "member-1", "member-2")
    assert [slot_role(s) for s in signing_slots(1)] == ["president", "secretary", "member"]
    assert addendum_slots(signing_slots(2)) == ("president", "secretary")
    assert missing_slots(signing_slots(2), ["secretary", "member-2"]) == ["president", "member-1"]
    with pytest.raises(ValueError):
        signing_slots(6)


NOW = datetime(2026, 3, 15, 18, tzinfo=UTC)


def _facts(id_, starts, closed_at=None, closed=False, in_session=False):
    return AssemblyFacts(id_, starts, closed_at, closed, in_session)


def test_an_assembly_approves_its_minutes_at_its_close_only():
    closed = _facts(1, NOW - timedelta(hours=8), NOW - timedelta(hours=1), closed=True)
    assert approval_refusal(closed, closed, NOW) is None
    later = NOW + APPROVAL_AT_CLOSE + timedelta(minutes=1)
    assert approval_refusal(closed, closed, later) == ApprovalRefusal.TOO_LATE
    in_session = _facts(1, NOW - timedelta(hours=2), in_session=True)
    assert approval_refusal(in_session, in_session, NOW) == ApprovalRefusal.NOT_CLOSED
    legacy = _facts(1, NOW - timedelta(days=3), None, closed=True)
    assert approval_refusal(legacy, legacy, NOW) == ApprovalRefusal.TOO_LATE


def test_a_later_assembly_in_session_approves_earlier_minutes():
    earlier = _facts(1, NOW - timedelta(days=200), NOW - timedelta(days=200), closed=True)
    next_one = _facts(2, NOW - timedelta(hours=1), in_session=True)
    assert approval_refusal(earlier, next_one, NOW) is None
    waiting = _facts(2, NOW - timedelta(hours=1))
    assert approval_refusal(earlier, waiting, NOW) == ApprovalRefusal.NOT_IN_SESSION
    before = _facts(3, NOW - timedelta(days=300), in_session=True)
    assert approval_refusal(earlier, before, NOW) == ApprovalRefusal.NOT_LATER


def test_a_text_changed_after_signing_breaks_every_signature():
    text = "<p>Acta n.º 1</p>"
    digest = sha256_text(text)
    pdf = b"%PDF-1.7 ..."
    check = check_seal(text, digest, [digest, digest], pdf, sha256_bytes(pdf))
    assert (
        check.intact
        and check.text_intact
        and check.pdf_intact
        and check.signatures
        == (
            True,
            True,
        )
    )
    changed = check_seal(text + " ", digest, [digest])
    assert not changed.intact and not changed.text_intact and changed.signatures == (False,)
    # Even when the stored hash was rewritten to match the new text, the signatures were given
    # to the old one.
    rewritten = check_seal(text + " ", sha256_text(text + " "), [digest])
    assert rewritten.text_intact and rewritten.signatures == (False,) and not rewritten.intact
    assert not check_seal(text, digest, [], pdf + b" ", sha256_bytes(pdf)).intact
    assert check_seal(text, digest, []).pdf_intact is None


def test_special_terms_name_the_majority_and_quorum_beyond_the_ordinary():
    ordinary = special_terms(BRAZIL, "ordinary", str(BRAZIL.majority(DecisionKind.ORDINARY)), 90)
    assert ordinary.majority is None and ordinary.quorum is None
    rule = str(BRAZIL.majority(DecisionKind.STATUTE_CHANGE))
    change = special_terms(BRAZIL, "statute_change", rule, 90)
    assert change.majority == rule
    merger = special_terms(URUGUAY, "merger", str(URUGUAY.majority(DecisionKind.MERGER)), 300)
    assert merger.quorum is not None and merger.quorum_required == 100
    small = special_terms(URUGUAY, "merger", str(URUGUAY.majority(DecisionKind.MERGER)), 30)
    assert small.quorum_required == 20
