from tests.factories import PASSWORD, login_as


def test_huge_ids_and_pages_are_not_errors(client, world):
    login_as(client, "secretary")
    assert client.get(f"/o/coop-a/members/{10**30}").status_code == 404
    assert client.get(f"/o/coop-a/assemblies/{2**31}").status_code == 404
    assert client.get(f"/o/coop-a/members/?page={10**30}").status_code == 200
    assert client.get("/o/coop-a/members/?page=-5").status_code == 200


def test_nul_bytes_are_refused(client, world):
    response = client.post("/login", data={"email": "a\x00@b.test", "password": "x"})
    assert response.status_code == 400
    assert client.get("/o/coop-a/login?next=/\x00").status_code == 400


def test_next_with_line_breaks_is_ignored(client, world):
    response = client.post(
        "/login?next=/%0d%0aSet-Cookie:x=1",
        data={"email": "admin@coop-a.test", "password": PASSWORD},
    )
    assert response.status_code == 302 and response.location == "/"


def test_assembly_dates_out_of_range(client, world):
    login_as(client, "secretary")
    data = {"kind": "ordinary", "title": "X", "date": "9999-12-31", "time": "23:00", "place": "Y"}
    response = client.post("/o/coop-a/assemblies/new", data=data)
    assert response.status_code == 400
    assert "between 1990 and 2100" in response.get_data(as_text=True)
