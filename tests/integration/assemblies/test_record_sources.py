"""The record says which parts came from paper, which from the door, which from phones."""

import csv
import io
import zipfile

from tests.factories import login_as


def test_attendance_and_votes_show_where_they_came_from(client, world):
    login_as(client, "secretary")
    base = f"/o/coop-a/assemblies/{world.a.assembly_id}"
    client.post(f"{base}/attendance", data={"number": "001"})
    client.post(f"{base}/attendance/paper", data={"numbers": "002 003", "time": "09:30"})
    page = " ".join(client.get(f"{base}/attendance").get_data(as_text=True).split())
    assert "Checked in at the door: 1. Copied from a signed paper sheet: 2." in page
    assert page.count('class="badge source-paper">paper sheet<') == 2
    assert page.count('class="badge source-door">the door<') == 1

    client.post(f"{base}/open")
    client.post(
        f"{base}/items/{world.a.decision_item_id}/hands", data={"yes": 3, "no": 0, "abstain": 0}
    )
    assert "Motion · Show of hands" in client.get(base).get_data(as_text=True)
    client.post(f"{base}/close")
    client.post("/logout")

    login_as(client, "admin")
    archive = zipfile.ZipFile(
        io.BytesIO(
            client.post("/o/coop-a/export/record.zip", data={"period": "last-12-months"}).data
        )
    )
    folder = next(n.rsplit("/", 1)[0] for n in archive.namelist() if n.endswith("votes.csv"))

    def rows(name: str) -> list[dict]:
        text = archive.read(f"{folder}/{name}").decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text)))

    sources = {row["member_number"]: row["source"] for row in rows("attendance.csv")}
    assert sources == {"001": "door", "002": "paper", "003": "paper"}
    assert {row["channels"] for row in rows("votes.csv")} == {"show_of_hands"}
