"""Check a coop export offline, with Python's standard library alone.

    python3 verify.py EXPORT.zip [--previous OLDER.zip ...] [--anchor SEQ:HASH ...]

Every file is checked against the SHA-256 in manifest.json (and SHA256SUMS, which also holds
the manifest's own), and the audit trail against its hash chain: each event's hash covers the
hash of the one before, so an event changed, removed, moved or slipped in breaks the chain
where it happened. A chain rebuilt after an edit is whole again; it is caught by its anchors:
heads written down earlier (anchors.json: each export made, each minutes signed; the heads of
older exports given with --previous; heads noted by hand with --anchor), which must all still
be in the chain. The exit status is 0 when everything holds, 1 when something does not.

This file is shipped inside every export and is also how `flask coop verify` checks one: it
imports nothing but the standard library.
"""

import argparse
import hashlib
import io
import json
import sys
import zipfile
from dataclasses import dataclass, field
from typing import Any

GENESIS = "0" * 64
HASHED = ("organization_id", "actor_id", "action", "object_type", "object_id", "data")
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
TRAIL = "audit_trail.json"
ANCHORS = "anchors.json"


def event_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    """SHA-256 over the previous hash and the event's canonical JSON (as the app computes it)."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def payload_of(event: dict[str, Any]) -> dict[str, Any]:
    """The fields of an exported event that its hash covers."""
    return {**{key: event.get(key) for key in HASHED}, "created_at": event.get("created_at")}


@dataclass(frozen=True)
class Problem:
    """Something that does not hold: what happened (changed, removed, reordered, added,
    unreadable), where, and how it shows."""

    kind: str
    where: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind.upper()}: {self.where}: {self.detail}"


@dataclass
class Report:
    """What a check found."""

    problems: list[Problem] = field(default_factory=list)
    head: dict[str, Any] | None = None
    files: int = 0
    events: int = 0
    unsealed: int = 0
    anchors: int = 0
    manifest_sha256: str = ""
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _short(digest: str | None) -> str:
    return (digest or "")[:12]


def check_chain(
    events: list[dict[str, Any]],
    head: dict[str, Any] | None = None,
    anchors: list[dict[str, Any]] | tuple[()] = (),
) -> list[Problem]:
    """Problems of an audit trail in the order it is listed: each event's own hash, the order
    and links of the chain, its head against `head`, and every anchored head."""
    problems: list[Problem] = []
    sealed = [e for e in events if e.get("seq") is not None]
    seen_unsealed = False
    for event in events:
        if event.get("seq") is None:
            seen_unsealed = True
        elif seen_unsealed:
            problems.append(
                Problem("reordered", f"event {event['seq']}", "listed after unsealed events")
            )
    changed: set[int] = set()
    for event in sealed:
        if event_hash(event.get("prev_hash") or "", payload_of(event)) != event.get("hash"):
            changed.add(event["seq"])
            problems.append(
                Problem(
                    "changed",
                    f"event {event['seq']} ({event.get('action')})",
                    "its content no longer matches its hash",
                )
            )
    for before, after in zip(sealed, sealed[1:], strict=False):
        if after["seq"] < before["seq"]:
            problems.append(
                Problem(
                    "reordered",
                    f"event {after['seq']}",
                    f"listed after event {before['seq']}",
                )
            )
    by_seq: dict[int, dict[str, Any]] = {}
    for event in sealed:
        if event["seq"] in by_seq:
            problems.append(
                Problem("added", f"event {event['seq']}", "a second event holds this place")
            )
        else:
            by_seq[event["seq"]] = event
    last = max(by_seq, default=0)
    missing = [n for n in range(1, last + 1) if n not in by_seq]
    for n in missing:
        problems.append(Problem("removed", f"event {n}", "the chain has no event at this place"))
    by_hash = {e.get("hash"): e for e in sealed}
    for n in sorted(by_seq):
        event = by_seq[n]
        previous = by_seq.get(n - 1)
        expected = GENESIS if n == 1 else (previous or {}).get("hash")
        if event.get("prev_hash") == expected or (n - 1) in missing:
            continue
        origin = by_hash.get(event.get("prev_hash"))
        if origin is not None:
            problems.append(
                Problem(
                    "reordered",
                    f"event {n}",
                    f"it was chained after the event now at place {origin['seq']}, "
                    f"not after event {n - 1}",
                )
            )
        elif n - 1 not in changed:
            problems.append(
                Problem(
                    "changed",
                    f"between events {n - 1} and {n}",
                    f"event {n} was chained after an event that is not in the trail: event "
                    f"{n - 1} was replaced, or an event after it removed",
                )
            )
    if head is not None:
        problems += _check_head(by_seq, last, head)
    for anchored in anchors:
        problems += _check_anchor(by_seq, last, anchored)
    return problems


def _check_head(
    by_seq: dict[int, dict[str, Any]], last: int, head: dict[str, Any]
) -> list[Problem]:
    seq, digest = int(head.get("seq") or 0), head.get("hash")
    if last > seq:
        return [
            Problem("added", f"events {seq + 1} to {last}", "after the head the manifest records")
        ]
    if last < seq:
        return [
            Problem("removed", f"events {last + 1} to {seq}", "the manifest's head is not there")
        ]
    found = by_seq[seq].get("hash") if seq else GENESIS
    if found != digest:
        return [
            Problem(
                "changed",
                f"event {seq}",
                f"the head is {_short(found)}, the manifest records {_short(digest)}",
            )
        ]
    return []


def _check_anchor(
    by_seq: dict[int, dict[str, Any]], last: int, anchored: dict[str, Any]
) -> list[Problem]:
    seq, digest = int(anchored.get("seq") or 0), anchored.get("hash")
    what = f"{anchored.get('purpose', 'anchor')} {anchored.get('created_at', '')}".strip()
    if seq == 0:
        return [] if digest == GENESIS else [Problem("changed", "anchor", f"{what}: bad genesis")]
    if seq > last:
        return [
            Problem(
                "removed",
                f"events after {last}",
                f"{what} anchored event {seq}, beyond the end of the chain",
            )
        ]
    found = by_seq.get(seq, {}).get("hash")
    if found != digest:
        return [
            Problem(
                "changed",
                f"event {seq} or before",
                f"the chain was rewritten: {what} anchored its head as {_short(digest)}, "
                f"it is now {_short(found)}",
            )
        ]
    return []


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _read_json(archive: zipfile.ZipFile, name: str, report: Report) -> Any:
    try:
        return json.loads(archive.read(name))
    except KeyError:
        report.problems.append(Problem("removed", name, "not in the export"))
    except (ValueError, zipfile.BadZipFile) as error:
        report.problems.append(Problem("changed", name, f"cannot be read: {error}"))
    return None


def _check_files(archive: zipfile.ZipFile, manifest: dict[str, Any], report: Report) -> None:
    names = archive.namelist()
    listed = {entry["path"]: entry for entry in manifest.get("files", [])}
    for name in sorted({n for n in names if names.count(n) > 1}):
        report.problems.append(Problem("added", name, "the export holds this file twice"))
    for path, entry in sorted(listed.items()):
        try:
            content = archive.read(path)
        except KeyError:
            report.problems.append(Problem("removed", path, "listed in the manifest, missing"))
            continue
        except zipfile.BadZipFile as error:
            report.problems.append(Problem("changed", path, f"cannot be read: {error}"))
            continue
        if _sha256(content) != entry.get("sha256") or len(content) != entry.get("bytes"):
            report.problems.append(
                Problem("changed", path, "its SHA-256 differs from the manifest's")
            )
    for name in sorted(set(names) - set(listed) - {MANIFEST, SUMS}):
        report.problems.append(Problem("added", name, "not listed in the manifest"))
    report.files = len(listed)


def _check_sums(archive: zipfile.ZipFile, manifest: dict[str, Any], report: Report) -> None:
    try:
        raw = archive.read(SUMS)
    except KeyError:
        report.problems.append(Problem("removed", SUMS, "not in the export"))
        return
    except zipfile.BadZipFile:
        report.problems.append(Problem("changed", SUMS, "cannot be read"))
        return
    expected = {entry["path"]: entry["sha256"] for entry in manifest.get("files", [])}
    expected[MANIFEST] = report.manifest_sha256
    written = "".join(
        f"{entry['sha256']}  {entry['path']}\n" for entry in manifest.get("files", [])
    )
    if raw == (written + f"{report.manifest_sha256}  {MANIFEST}\n").encode():
        return
    sums = {}
    for line in raw.decode(errors="replace").split("\n"):
        digest, _sep, path = line.partition("  ")
        if path:
            sums[path] = digest
    wrong = sorted(p for p in set(sums) | set(expected) if sums.get(p) != expected.get(p))
    report.problems.append(
        Problem("changed", f"{SUMS} or {MANIFEST}", f"they disagree on {', '.join(wrong) or SUMS}")
    )


def _previous_heads(paths: list[str], report: Report) -> list[dict[str, Any]]:
    heads = []
    for path in paths:
        try:
            with zipfile.ZipFile(path) as older:
                manifest = json.loads(older.read(MANIFEST))
                heads.append({**manifest["chain_head"], "purpose": f"export {path}"})
                heads += json.loads(older.read(ANCHORS))
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
            report.problems.append(Problem("unreadable", path, str(error)))
    return heads


def check_export(
    source: str | bytes, previous: list[str] | None = None, anchors: list[str] | None = None
) -> Report:
    """Check an export (a path or its bytes): files, chain, head and anchors."""
    report = Report()
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (OSError, zipfile.BadZipFile) as error:
        report.problems.append(Problem("unreadable", "the export", str(error)))
        return report
    with archive:
        try:
            raw = archive.read(MANIFEST)
        except (KeyError, zipfile.BadZipFile):
            report.problems.append(Problem("removed", MANIFEST, "not in the export"))
            return report
        report.manifest_sha256 = _sha256(raw)
        try:
            manifest = json.loads(raw)
        except ValueError:
            report.problems.append(Problem("changed", MANIFEST, "cannot be read as JSON"))
            _check_sums(archive, {}, report)
            return report
        report.manifest, report.head = manifest, manifest.get("chain_head")
        _check_files(archive, manifest, report)
        _check_sums(archive, manifest, report)
        events = _read_json(archive, TRAIL, report) or []
        recorded = _read_json(archive, ANCHORS, report) or []
    extra = _previous_heads(previous or [], report)
    for text in anchors or []:
        seq, _sep, digest = text.partition(":")
        extra.append({"seq": int(seq) if seq.isdigit() else -1, "hash": digest, "purpose": text})
    report.events = sum(1 for e in events if e.get("seq") is not None)
    report.unsealed = len(events) - report.events
    report.anchors = len(recorded) + len(extra)
    report.problems += check_chain(events, report.head, [*recorded, *extra])
    return report


def describe(report: Report) -> str:
    """The report as lines of text."""
    if not report.ok:
        return "\n".join(str(problem) for problem in report.problems)
    head = report.head or {}
    return "\n".join(
        [
            f"OK: {report.files} files match the manifest.",
            f"OK: the audit chain holds {report.events} events up to event {head.get('seq')} "
            f"({head.get('hash')}), and every one of {report.anchors} anchored heads is in it.",
            f"Manifest SHA-256: {report.manifest_sha256}",
        ]
        + (
            [f"Note: {report.unsealed} events were not yet sealed and are not covered."]
            if report.unsealed
            else []
        )
    )


def main(argv: list[str] | None = None) -> int:
    """Check the export named on the command line; 0 when it holds."""
    parser = argparse.ArgumentParser(description="Check a coop export offline.")
    parser.add_argument("export")
    parser.add_argument("--previous", action="append", default=[], help="an older export")
    parser.add_argument("--anchor", action="append", default=[], help="a head noted as SEQ:HASH")
    args = parser.parse_args(argv)
    report = check_export(args.export, args.previous, args.anchor)
    print(describe(report))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
