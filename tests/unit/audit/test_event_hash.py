from coop.audit.services import GENESIS, event_hash


def test_hash_depends_on_previous_hash_and_payload():
    first = event_hash(GENESIS, {"action": "member.created", "object_id": 1})
    assert len(first) == 64
    assert first == event_hash(GENESIS, {"object_id": 1, "action": "member.created"})
    assert first != event_hash(GENESIS, {"action": "member.created", "object_id": 2})
    assert first != event_hash("1" * 64, {"action": "member.created", "object_id": 1})
