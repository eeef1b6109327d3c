from datetime import date

from coop.members.import_plan import missing_columns, plan_members

TODAY = date(2026, 11, 27)
HEADERS = ["n", "nombres", "apellidos", "ingreso", "producto", "area", "cedula", "estado"]
MAPPING = [
    "number",
    "given_names",
    "surnames",
    "joined_on",
    "product",
    "product_area_ha",
    "national_id",
    "status",
]


def plan(rows, source="csv"):
    return plan_members(HEADERS, rows, [len(r) for r in rows], MAPPING, source, TODAY)


def codes(plans, orphans):
    return sorted({p.code for pl in plans for p in pl.problems} | {p.code for p in orphans})


def test_rows_with_the_same_number_are_one_member_with_several_units():
    plans, orphans = plan(
        [
            ["1", "Ana", "Pérez", "2019-01-01", "café", "2,5", "", "activa"],
            ["1", "Ana", "Pérez", "2019-01-01", "miel", "", "", "activa"],
        ]
    )
    assert not orphans and len(plans) == 1
    assert [u["product"].value for u in plans[0].units] == ["coffee", "honey"]
    assert plans[0].problems == []


def test_same_number_with_different_details_is_a_duplicate():
    plans, _ = plan(
        [
            ["1", "Ana", "Pérez", "2019-01-01", "", "", "", ""],
            ["1", "Luis", "Pérez", "2019-01-01", "", "", "", ""],
        ]
    )
    assert codes(plans, []) == ["duplicate_number"]
    assert plans[0].problems[0].params == {"number": "1", "first": 2}


def test_duplicate_ids_and_formulas_and_required_cells():
    plans, orphans = plan(
        [
            ["1", "Ana", "Pérez", "2019-01-01", "", "", "X1", ""],
            ["2", '=HYPERLINK("x")', "Díaz", "2019-01-01", "", "", "x1", ""],
            ["3", "", "Ruiz", "2019-01-01", "", "", "", ""],
            ["", "Sin", "Número", "2019-01-01", "", "", "", ""],
        ]
    )
    assert codes(plans, orphans) == ["duplicate_id", "formula", "required"]
    assert [(p.line, p.column) for p in orphans] == [(5, "n")]
    problem = next(p for p in plans[1].problems if p.code == "formula")
    assert (problem.line, problem.column) == (3, "nombres")


def test_our_own_neutralized_cells_read_back():
    plans, _ = plan([["1", "'=Ana", "Pérez", "2019-01-01", "", "", "", ""]])
    assert plans[0].member["given_names"] == "=Ana" and not plans[0].problems


def test_values_are_checked_per_cell():
    plans, _ = plan([["1", "Ana", "Pérez", "31/02/2019", "tabaco", "-3", "", "durmiendo"]])
    assert codes(plans, []) == ["bad_date", "out_of_range", "unknown_word"]
    assert len(plans[0].problems) == 4


def test_missing_required_columns_are_named():
    assert missing_columns(["number", "given_names", None]) == ["surnames", "joined_on"]


def test_over_long_text_is_refused_with_its_limit():
    plans, _ = plan([["1", "A" * 121, "Pérez", "2019-01-01", "", "", "", ""]])
    problem = plans[0].problems[0]
    assert (problem.code, problem.params, problem.column) == ("too_long", {"max": 120}, "nombres")


def test_negative_and_absurd_areas_are_refused():
    plans, _ = plan(
        [
            ["1", "Ana", "Pérez", "2019-01-01", "café", "-1,5", "", ""],
            ["2", "Luis", "Pérez", "2019-01-01", "café", "250000", "", ""],
        ]
    )
    assert [p.code for pl in plans for p in pl.problems] == ["out_of_range", "out_of_range"]


def test_columns_set_aside_that_hold_numbers_or_dates_are_named():
    from coop.members.import_plan import DroppedColumn, dropped_data_columns

    headers = ["n", "Área do produto (ha)", "Pago", "Notas", "vacía"]
    rows = [
        ["1", "2,5", "01/02/2026", "bien", ""],
        ["2", "14", "2026-03-01", "ok", ""],
        ["3", "", "15/03/2026", "3", ""],
    ]
    mapping = ["number", None, None, None, None]
    assert dropped_data_columns(headers, rows, mapping) == [
        DroppedColumn("Área do produto (ha)", "numbers"),
        DroppedColumn("Pago", "dates"),
    ]
    assert dropped_data_columns(headers, rows, ["number", "product_area_ha", None, None, None]) == [
        DroppedColumn("Pago", "dates")
    ]


def test_good_standing_comes_apart_from_the_member_fields():
    headers = ["n", "nombres", "apellidos", "ingreso", "al día", "pagado hasta"]
    mapping = ["number", "given_names", "surnames", "joined_on", None, None]
    mapping[4:] = ["in_good_standing", "dues_paid_until"]
    rows = [
        ["1", "Ana", "Ruiz", "2019-01-01", "sí", "31/12/2027"],
        ["2", "Eva", "Ruiz", "2019-01-01", "no", "31/12/2018"],
    ]
    plans, _ = plan_members(headers, rows, [6, 6], mapping, "csv", TODAY)
    assert plans[0].standing.in_good_standing is True
    assert plans[0].standing.dues_paid_until == date(2027, 12, 31)
    assert "in_good_standing" not in plans[0].member and not plans[0].problems
    assert [p.code for p in plans[1].problems] == ["dues_before_join"]
