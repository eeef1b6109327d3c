from datetime import date

from coop.members.bulk import MemberUpdate, _member_row
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
ACTIVE = MemberStatus.ACTIVE


def test_an_update_writes_only_the_columns_that_change():
    phone = _member_row(MemberUpdate(7, VALUES, ACTIVE, changed=frozenset({"phone"})))
    assert phone == {"phone": "+52 1", "id": 7}
    name = _member_row(MemberUpdate(7, VALUES, ACTIVE, changed=frozenset({"surnames"})))
    assert name == {"surnames": "Ruiz", "search_text": "0010 ana ruiz san isidro", "id": 7}
    number = _member_row(MemberUpdate(7, VALUES, ACTIVE, changed=frozenset({"number"})))
    assert number["number_key"] == "0210" and "status" not in number


def test_a_change_of_status_alone_writes_the_status():
    left = MemberUpdate(7, VALUES, MemberStatus.WITHDRAWN, MemberStatus.WITHDRAWN)
    assert _member_row(MemberUpdate(**{**left.__dict__, "changed": frozenset()})) == {
        "status": MemberStatus.WITHDRAWN,
        "id": 7,
    }
    assert _member_row(MemberUpdate(7, VALUES, ACTIVE, changed=frozenset())) == {}


def test_without_a_list_of_changes_every_column_is_written():
    row = _member_row(MemberUpdate(7, VALUES, ACTIVE))
    assert set(row) == {*VALUES, "search_text", "number_key", "status", "id"}
