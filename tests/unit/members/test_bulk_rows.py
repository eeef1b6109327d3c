from datetime import date

from coop.members.bulk import MemberUpdate, _member_rows
from coop.members.rules import MemberStatus, Sex

VALUES = {
    "number": "0010",
    "given_names": "Ana",
    "surnames": "Ruiz",
    "national_id": "AR1",
    "sex": Sex.FEMALE,
    "birth_date": None,
    "birth_year": None,
    "community": "San Isidro",
    "group_name": "",
    "phone": "+52 1",
    "joined_on": date(2015, 1, 1),
    "admission_decision": "",
}
ACTIVE, WITHDRAWN = MemberStatus.ACTIVE, MemberStatus.WITHDRAWN


def _update(member_id, changed, **extra):
    return MemberUpdate(member_id, VALUES, ACTIVE, changed=frozenset(changed), **extra)


def test_only_the_columns_someone_changes_are_written():
    rows = _member_rows([_update(7, {"phone"}), _update(8, {"surnames"})])
    assert rows == [
        {"phone": "+52 1", "surnames": "Ruiz", "search_text": "0010 ana ruiz san isidro", "id": 7},
        {"phone": "+52 1", "surnames": "Ruiz", "search_text": "0010 ana ruiz san isidro", "id": 8},
    ]
    assert _member_rows([_update(7, {"number"})])[0]["number_key"] == "0210"


def test_a_change_of_status_writes_the_status_of_all():
    left = MemberUpdate(7, VALUES, WITHDRAWN, WITHDRAWN, changed=frozenset())
    rows = _member_rows([left, _update(8, {"phone"})])
    assert [(r["id"], r["status"]) for r in rows] == [(7, WITHDRAWN), (8, ACTIVE)]


def test_members_whose_own_fields_stay_are_not_written():
    assert _member_rows([_update(7, set()), _update(8, set(), units=[])]) == []


def test_without_a_list_of_changes_every_column_is_written():
    (row,) = _member_rows([MemberUpdate(7, VALUES, ACTIVE)])
    assert set(row) == {*VALUES, "search_text", "number_key", "status", "id"}
