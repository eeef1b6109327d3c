"""The export checks itself: any byte changed, any file or audit event removed, moved or
added is named; a chain rebuilt after an edit is caught by its anchors."""

import hashlib
import io
import json
import subprocess
import sys
import zipfile

import pytest
import sqlalchemy as sa

from coop.audit import offline
from coop.audit.services import GENESIS, event_hash
from coop.exports.archive import write_zip
from tests.factories import approve_minutes, hold_assembly, login_as

PERIOD = {"period": "last-12-months"}


@pytest.fixture
def exported(client, world):
    login_as(client, "secretary")
    minutes = hold_assembly(client, world, yes=3, no=0, abstain=0)
    approve_minutes(client, minutes)
    client.post("/logout")
    login_as(client, "certifier")
    response = client.post("/o/coop-a/export/record.zip", data=PERIOD)
    assert response.status_code == 200
    return response.data


def files_of(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def resealed(files: dict[str, bytes]) -> bytes:
    """The export as a forger who rewrites the manifest and SHA256SUMS would leave it."""
    manifest = json.loads(files["manifest.json"])
    manifest["files"] = [
        {"path": p, "bytes": len(c), "sha256": hashlib.sha256(c).hexdigest()}
        for p, c in sorted(files.items())
        if p not in ("manifest.json", "SHA256SUMS")
    ]
    trail = json.loads(files["audit_trail.json"])
    sealed = [e for e in trail if e["seq"] is not None]
    manifest["chain_head"] = {"seq": sealed[-1]["seq"], "hash": sealed[-1]["hash"]}
    files["manifest.json"] = json.dumps(manifest).encode()
    sums = "".join(f"{e['sha256']}  {e['path']}\n" for e in manifest["files"])
    sums += f"{hashlib.sha256(files['manifest.json']).hexdigest()}  manifest.json\n"
    files["SHA256SUMS"] = sums.encode()
    return write_zip(files)


def with_trail(content: bytes, change) -> bytes:
    files = files_of(content)
    trail = json.loads(files["audit_trail.json"])
    files["audit_trail.json"] = json.dumps(change(trail)).encode()
    return resealed(files)


def rechained(trail: list[dict]) -> list[dict]:
    previous = GENESIS
    for seq, event in enumerate(trail, start=1):
        event["seq"], event["prev_hash"] = seq, previous
        keys = ("organization_id", "actor_id", "action", "object_type", "object_id", "data")
        payload = {k: event[k] for k in (*keys, "created_at")}
        event["hash"] = previous = event_hash(previous, payload)
    return trail


def kinds(report: offline.Report) -> set[tuple[str, str]]:
    return {(p.kind, p.where) for p in report.problems}


def test_a_fresh_export_holds_and_its_own_script_says_so(exported, tmp_path):
    report = offline.check_export(exported)
    assert report.ok, report.problems
    assert report.events > 10 and report.files > 10
    (tmp_path / "export.zip").write_bytes(exported)
    (tmp_path / "verify.py").write_bytes(files_of(exported)["verify.py"])
    run = subprocess.run(
        [sys.executable, "-I", "verify.py", "export.zip"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "OK: the audit chain holds" in run.stdout


def test_any_byte_changed_in_any_file_is_named(exported):
    files = files_of(exported)
    for path, content in files.items():
        for where in {0, len(content) // 2, len(content) - 1}:
            changed = dict(files)
            changed[path] = content[:where] + bytes([content[where] ^ 0x01]) + content[where + 1 :]
            report = offline.check_export(write_zip(changed))
            assert not report.ok, (path, where)
            named = " ".join(f"{p.where} {p.detail}" for p in report.problems)
            assert path in named or path in ("manifest.json", "SHA256SUMS"), (path, named)


def test_files_removed_or_added_are_named(exported):
    files = files_of(exported)
    del files["members.json"]
    files["extra.csv"] = b"a,b\n"
    report = offline.check_export(write_zip(files))
    assert ("removed", "members.json") in kinds(report)
    assert ("added", "extra.csv") in kinds(report)


def test_an_event_changed_removed_reordered_or_added_is_named(exported):
    def change(trail):
        trail[3]["data"] = {"forged": True}
        return trail

    assert (
        "changed",
        f"event 4 ({json.loads(files_of(exported)['audit_trail.json'])[3]['action']})",
    ) in kinds(offline.check_export(with_trail(exported, change)))
    removed = offline.check_export(with_trail(exported, lambda t: t[:5] + t[6:]))
    assert ("removed", "event 6") in kinds(removed)
    swapped = offline.check_export(with_trail(exported, lambda t: t[:5] + [t[6], t[5]] + t[7:]))
    assert ("reordered", "event 6") in kinds(swapped)

    def add(trail):
        extra = dict(trail[-1], seq=trail[-1]["seq"] + 1, prev_hash=trail[-1]["hash"])
        extra["hash"] = event_hash(extra["prev_hash"], offline.payload_of(extra))
        return [*trail, extra]

    files = files_of(with_trail(exported, add))
    manifest = json.loads(files["manifest.json"])
    manifest["chain_head"] = json.loads(files_of(exported)["manifest.json"])["chain_head"]
    files["manifest.json"] = json.dumps(manifest).encode()
    added = offline.check_export(resealed_keeping_head(files))
    assert any(
        kind == "added" and "after the head" in detail
        for kind, _w, detail in [(p.kind, p.where, p.detail) for p in added.problems]
    )


def resealed_keeping_head(files: dict[str, bytes]) -> bytes:
    head = json.loads(files["manifest.json"])["chain_head"]
    content = resealed(files)
    files = files_of(content)
    manifest = json.loads(files["manifest.json"])
    manifest["chain_head"] = head
    files["manifest.json"] = json.dumps(manifest).encode()
    sums = files["SHA256SUMS"].decode().splitlines()[:-1]
    sums.append(f"{hashlib.sha256(files['manifest.json']).hexdigest()}  manifest.json")
    files["SHA256SUMS"] = ("\n".join(sums) + "\n").encode()
    return write_zip(files)


def test_a_rebuilt_chain_is_caught_by_its_anchors(client, exported):
    # A second export: the first one's head is now an anchor inside it.
    login_as(client, "admin")
    settings = {"year_end_month": 12, "year_end_day": 31, "ordinary_within_days": 120}
    settings["small_producer_percent"] = 60
    assert client.post("/o/coop-a/evidence/settings", data=settings).status_code == 302
    second = client.post("/o/coop-a/export/record.zip", data={**PERIOD, "lang": "fr"}).data
    first_head = json.loads(files_of(exported)["manifest.json"])["chain_head"]
    anchors = json.loads(files_of(second)["anchors.json"])
    assert {"seq": first_head["seq"], "hash": first_head["hash"]}.items() <= anchors[0].items()

    def forge(trail):
        trail[2]["data"] = {"forged": True}
        return rechained([e for e in trail if e["seq"] is not None])

    forged = with_trail(second, forge)
    report = offline.check_export(forged)
    assert any(p.kind == "changed" and "rewritten" in p.detail for p in report.problems)
    # Even with its anchors dropped, an older export the certifier kept catches it.
    files = files_of(forged)
    files["anchors.json"] = b"[]"
    stripped = resealed(files)
    assert offline.check_export(stripped).ok
    older = client.application.instance_path + "/older.zip"
    with open(older, "wb") as handle:
        handle.write(exported)
    report = offline.check_export(stripped, previous=[older])
    assert any("rewritten" in p.detail for p in report.problems)


def test_exports_are_byte_identical_whatever_the_interface_language(client, world):
    login_as(client, "admin")
    contents = []
    for interface in ("en", "pt_BR", "es"):
        client.post("/language", data={"lang": interface})
        response = client.post("/o/coop-a/export/record.zip", data={**PERIOD, "lang": "fr"})
        assert response.status_code == 200
        contents.append(response.data)
    assert contents[0] == contents[1] == contents[2]
    assert {"evidence-es.pdf", "evidence-fr.pdf"} <= set(files_of(contents[0]))


def test_flask_coop_verify_checks_the_export_and_the_database(app, exported, tmp_path):
    path = tmp_path / "export.zip"
    path.write_bytes(exported)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["coop", "verify", str(path)])
    assert result.exit_code == 0, result.output
    assert "OK: the audit chain holds" in result.output
    path.write_bytes(with_trail(exported, lambda t: t[:2] + t[3:]))
    result = runner.invoke(args=["coop", "verify", str(path)])
    assert result.exit_code == 1 and "REMOVED: event 3" in result.output


def test_the_database_chain_rewritten_behind_the_app_is_caught(app, exported, tmp_path):
    from coop.audit import protection
    from coop.audit.models import AuditEvent
    from coop.core.extensions import db

    runner = app.test_cli_runner()
    assert runner.invoke(args=["coop", "verify-chain", "coop-a"]).exit_code == 0
    with app.app_context(), db.engine.begin() as conn, protection.suspended(conn):
        org_id = conn.scalar(sa.text("SELECT id FROM organization WHERE slug = 'coop-a'"))
        # An owner of the database edits an event and recomputes the whole chain.
        rows = (
            conn.execute(
                sa.select(AuditEvent.__table__)
                .where(AuditEvent.organization_id == org_id)
                .order_by(AuditEvent.seq)
            )
            .mappings()
            .all()
        )
        previous = GENESIS
        for row in rows:
            data = {"forged": True} if row["seq"] == 2 else row["data"]
            payload = {
                **{
                    k: row[k]
                    for k in ("organization_id", "actor_id", "action", "object_type", "object_id")
                },
                "data": data,
                "created_at": row["created_at"].isoformat()
                if hasattr(row["created_at"], "isoformat")
                else row["created_at"],
            }
            digest = event_hash(previous, payload)
            conn.execute(
                sa.update(AuditEvent.__table__)
                .where(AuditEvent.__table__.c.id == row["id"])
                .values(data=data, prev_hash=previous, hash=digest)
            )
            previous = digest
    result = runner.invoke(args=["coop", "verify-chain", "coop-a"])
    assert result.exit_code == 1 and "rewritten" in result.output
    path = tmp_path / "export.zip"
    path.write_bytes(exported)
    result = runner.invoke(args=["coop", "verify", str(path)])
    assert result.exit_code == 1 and "rewritten" in result.output
