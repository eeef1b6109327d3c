import csv
import hashlib
import io
import json
import zipfile

from tests.factories import hold_assembly, login_as, login_member


def _prepare(client, world):
    login_as(client, "secretary")
    minutes = hold_assembly(client, world, yes=3, no=0, abstain=0)
    client.post(f"{minutes}/edit", data={"signer-president": "001", "signer-secretary": "002"})
    client.post(f"{minutes}/approve")
    client.post("/logout")


def test_certifier_downloads_a_verifiable_export(client, world):
    _prepare(client, world)
    login_as(client, "certifier")
    response = client.get("/o/coop-a/export/record.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    manifest = json.loads(archive.read("manifest.json"))
    names = {entry["path"] for entry in manifest["files"]}
    folder = next(n.rsplit("/", 1)[0] for n in names if n.endswith("minutes.pdf"))
    assert {
        "members.csv",
        "audit_trail.json",
        f"{folder}/attendance.csv",
        f"{folder}/votes.csv",
        f"{folder}/assembly.json",
        f"{folder}/minutes.pdf",
    } <= names
    for entry in manifest["files"]:
        content = archive.read(entry["path"])
        assert hashlib.sha256(content).hexdigest() == entry["sha256"]
        assert len(content) == entry["bytes"]
    sums = archive.read("SHA256SUMS").decode().splitlines()
    assert len(sums) == len(manifest["files"])
    members = list(csv.DictReader(io.StringIO(archive.read("members.csv").decode("utf-8-sig"))))
    assert len(members) == 6 and {m["Member number"] for m in members} >= {"001", "900"}
    votes = list(
        csv.DictReader(io.StringIO(archive.read(f"{folder}/votes.csv").decode("utf-8-sig")))
    )
    by_option = {row["option_key"]: row for row in votes}
    assert by_option["yes"]["votes"] == "3" and by_option["no"]["votes"] == "0"
    assert {row["outcome"] for row in votes} == {"approved"}
    attendance = archive.read(f"{folder}/attendance.csv").decode("utf-8-sig")
    assert attendance.count("\n") == 4
    assert "coop-b" not in archive.read("members.csv").decode("utf-8-sig")


def test_audit_trail_in_the_export_is_chained(client, world):
    from coop.audit.services import GENESIS, event_hash

    _prepare(client, world)
    login_as(client, "admin")
    archive = zipfile.ZipFile(io.BytesIO(client.get("/o/coop-a/export/record.zip").data))
    events = json.loads(archive.read("audit_trail.json"))
    assert events and events[0]["prev_hash"] == GENESIS
    for before, after in zip(events, events[1:], strict=False):
        assert after["prev_hash"] == before["hash"]
    assert {"member.created", "assembly.closed", "minutes.approved"} <= {
        e["action"] for e in events
    }
    first = events[0]
    payload = {
        k: first[k]
        for k in (
            "organization_id",
            "actor_id",
            "action",
            "object_type",
            "object_id",
            "data",
            "created_at",
        )
    }
    payload["organization_id"] = first["organization_id"]
    assert event_hash(GENESIS, payload) == first["hash"]


def test_export_refused_to_members_and_secretaries(client, world):
    login_member(client)
    assert client.get("/o/coop-a/export/record.zip").status_code == 403
    client.post("/logout")
    login_as(client, "secretary")
    assert client.get("/o/coop-a/export/record.zip").status_code == 403
