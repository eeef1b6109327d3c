from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coop.members.columns import (
    CellError,
    certifications,
    header_key,
    match_headers,
    parse_any_date,
    parse_birth,
    parse_date,
    parse_decimal,
)

TODAY = date(2026, 11, 27)
HIGH = Decimal(10000)


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1,5", "1.50"),
        ("1.5", "1.50"),
        ("1.234,5", "1234.50"),
        ("1,234.5", "1234.50"),
        ("1234", "1234.00"),
        ("0,125", "0.13"),
        (" 12 ", "12.00"),
        ("0", "0.00"),
        ("3\u00a0000,25", "3000.25"),
    ],
)
def test_decimals_with_comma_or_point(cell, value):
    assert parse_decimal(cell, Decimal(0), HIGH) == Decimal(value)


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("-1", "out_of_range"),
        ("20000", "out_of_range"),
        ("doce", "bad_decimal"),
        ("NaN", "out_of_range"),
        ("1e400", "out_of_range"),
        ("1.234", "ambiguous_number"),
        ("2,500", "ambiguous_number"),
    ],
)
def test_bad_decimals_are_refused(cell, code):
    with pytest.raises(CellError) as error:
        parse_decimal(cell, Decimal(0), HIGH)
    assert error.value.code == code


@given(st.decimals(min_value=0, max_value=9999, places=2))
def test_any_decimal_written_with_a_comma_reads_back(value):
    assert parse_decimal(str(value).replace(".", ","), Decimal(0), HIGH) == value


@pytest.mark.parametrize(
    "cell",
    [
        "2020-03-14",
        "14/03/2020",
        "14-03-2020",
        "14.03.2020",
        "2020-03-14 00:00:00",
        "2020-03-14T00:00:00",
    ],
)
def test_dates_in_several_formats(cell):
    assert parse_date(cell, TODAY) == date(2020, 3, 14)


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("03/14/2020", "bad_date"),
        ("31/02/2020", "bad_date"),
        ("ayer", "bad_date"),
        ("01/01/1850", "date_out_of_range"),
        ("01/01/2030", "date_out_of_range"),
    ],
)
def test_impossible_or_ambiguous_dates_are_refused(cell, code):
    with pytest.raises(CellError) as error:
        parse_date(cell, TODAY)
    assert error.value.code == code


def test_birth_as_a_date_or_a_year():
    assert parse_birth("1975", TODAY) == (None, 1975)
    assert parse_birth("02/05/1975", TODAY) == (date(1975, 5, 2), 1975)
    with pytest.raises(CellError):
        parse_birth("2099", TODAY)


def test_certifications_in_any_language():
    assert certifications("Orgánico; Comercio Justo") == ["fair_trade", "organic"]
    assert certifications("SPP + orgânico") == ["organic", "spp"]
    with pytest.raises(CellError):
        certifications("rainforest")


def test_headers_in_spanish_portuguese_and_english():
    headers = [
        "Nº socio",
        "Nombres",
        "Apellidos",
        "Sexo",
        "Fecha de ingreso",
        "Área total (ha)",
        "Sobrenome",
        "Colmeias",
        "Something else",
        "Nombres",
    ]
    assert match_headers(headers) == [
        "number",
        "given_names",
        "surnames",
        "sex",
        "joined_on",
        "total_area_ha",
        None,
        "hives",
        None,
        None,
    ]


AREA_HEADERS = {
    "product_area_ha": [
        "Área del producto (ha)",
        "Área del producto",
        "AREA DEL PRODUCTO (HA)",
        "area del producto en ha",
        "Área do produto (ha)",
        "Área do produto",
        "área do produto",
        "AREA DO PRODUTO HA",
        "Área com o produto (ha)",
        "Área con el producto (ha)",
        "Product area (ha)",
        "Area under the product",
        "Área sembrada (has)",
        "Área plantada (hectares)",
    ],
    "total_area_ha": [
        "Área total (ha)",
        "área total",
        "AREA TOTAL (HA)",
        "Total area (ha)",
        "Superficie total (hectáreas)",
        "Hectáreas",
        "Hectares",
    ],
    "yearly_volume_kg": ["Volumen (kg)", "Volume (kg)", "Producción (kg)", "Produção kg"],
}


@pytest.mark.parametrize(
    ("header", "key"), [(h, key) for key, headers in AREA_HEADERS.items() for h in headers]
)
def test_areas_and_volumes_with_or_without_units_accents_and_case(header, key):
    assert match_headers([header]) == [key]


def test_a_unit_alone_is_not_a_column():
    assert header_key("(ha)") == "ha"
    assert match_headers(["ha", "kg"]) == [None, None]


def test_dates_that_lie_ahead_are_read_where_they_may():
    assert parse_any_date("31/12/2027") == date(2027, 12, 31)
    with pytest.raises(CellError) as error:
        parse_any_date("31/12/2300")
    assert error.value.code == "date_outside"
