import csv
import hashlib
import io
import json
import zipfile

from tests.factories import approve_minutes, hold_assembly, login_as, login_member

PERIOD = {"period": "last-12-months"}


def _prepare(client, world):
    login_as(client, "secretary")
    minutes = hold_assembly(client, world, yes=3, no=0, abstain=0)
    approve_minutes(client, minutes)
    client.post("/logout")


def download(client, **form):
    response = client.post("/o/coop-a/export/record.zip", data={**PERIOD, **form})
    assert response.status_code == 200, response.data[:2000]
    return response


def test_certifier_downloads_a_verifiable_export(client, world):
    _prepare(client, world)
    login_as(client, "certifier")
    response = download(client)
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    manifest = json.loads(archive.read("manifest.json"))
    names = {entry["path"] for entry in manifest["files"]}
    folder = next(n.rsplit("/", 1)[0] for n in names if n.endswith("minutes.pdf"))
    assert {
        "members.csv",
        "members.json",
        "audit_trail.json",
        "anchors.json",
        "evidence.json",
        "evidence-es.pdf",
        "verify.py",
        f"{folder}/attendance.csv",
        f"{folder}/attendance.json",
        f"{folder}/votes.csv",
        f"{folder}/votes.json",
        f"{folder}/results.csv",
        f"{folder}/results.json",
        f"{folder}/assembly.json",
        f"{folder}/minutes.pdf",
        f"{folder}/minutes.json",
    } <= names
    for entry in manifest["files"]:
        content = archive.read(entry["path"])
        assert hashlib.sha256(content).hexdigest() == entry["sha256"]
        assert len(content) == entry["bytes"]
    assert (
        response.headers["X-Coop-Manifest-SHA256"]
        == hashlib.sha256(archive.read("manifest.json")).hexdigest()
    )
    assert archive.read("evidence-es.pdf").startswith(b"%PDF")
    sums = archive.read("SHA256SUMS").decode().splitlines()
    assert len(sums) == len(manifest["files"]) + 1
    members = list(csv.DictReader(io.StringIO(archive.read("members.csv").decode("utf-8-sig"))))
    assert len(members) == 6 and {m["Número de socio"] for m in members} >= {"001", "900"}
    results = list(
        csv.DictReader(io.StringIO(archive.read(f"{folder}/results.csv").decode("utf-8-sig")))
    )
    by_option = {row["option_key"]: row for row in results}
    assert by_option["yes"]["votes"] == "3" and by_option["no"]["votes"] == "0"
    votes = json.loads(archive.read(f"{folder}/votes.json"))
    assert [v["outcome"] for v in votes] == ["approved"]
    attendance = json.loads(archive.read(f"{folder}/attendance.json"))
    assert len(attendance) == 3
    assert "coop-b" not in archive.read("members.csv").decode("utf-8-sig")
    evidence = json.loads(archive.read("evidence.json"))
    assert [c["number"] for c in evidence["checks"]] == list(range(1, 15))
    assert manifest["chain_head"] == evidence["chain_head"]


def test_audit_trail_in_the_export_is_chained(client, world):
    from coop.audit.services import GENESIS, event_hash

    _prepare(client, world)
    login_as(client, "admin")
    archive = zipfile.ZipFile(io.BytesIO(download(client).data))
    events = json.loads(archive.read("audit_trail.json"))
    assert events and events[0]["prev_hash"] == GENESIS
    for before, after in zip(events, events[1:], strict=False):
        assert after["prev_hash"] == before["hash"]
    assert {"member.created", "assembly.closed", "minutes.approved"} <= {
        e["action"] for e in events
    }
    first = events[0]
    keys = ("organization_id", "actor_id", "action", "object_type", "object_id", "data")
    payload = {k: first[k] for k in (*keys, "created_at")}
    assert event_hash(GENESIS, payload) == first["hash"]
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["chain_head"] == {"seq": events[-1]["seq"], "hash": events[-1]["hash"]}


def test_export_refused_to_members_and_secretaries(client, world):
    login_member(client)
    assert client.post("/o/coop-a/export/record.zip", data=PERIOD).status_code == 403
    client.post("/logout")
    login_as(client, "secretary")
    assert client.post("/o/coop-a/export/record.zip", data=PERIOD).status_code == 403


def test_an_unknown_period_is_not_found(client, world):
    login_as(client, "admin")
    response = client.post("/o/coop-a/export/record.zip", data={"period": "fy-x"})
    assert response.status_code == 404
