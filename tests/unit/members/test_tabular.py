import io

import pytest
from openpyxl import Workbook

from coop.members.tabular import MAX_ROWS, TableError, read_table

CSV = "Número;Nombres;Apellidos\n001;José;Núñez\n002;María;Gómez\n"


def test_utf8_with_and_without_bom_and_semicolons():
    for data in (CSV.encode(), b"\xef\xbb\xbf" + CSV.encode()):
        table = read_table(data)
        assert table.headers == ["Número", "Nombres", "Apellidos"]
        assert table.rows[0] == ["001", "José", "Núñez"]


def test_windows_1252_and_utf16():
    assert read_table(CSV.encode("cp1252")).rows[0][2] == "Núñez"
    assert read_table(CSV.replace(";", "\t").encode("utf-16")).rows[1][1] == "María"


def test_comma_separated_with_quotes():
    table = read_table(b'number,given_names,surnames\n1,"Ana, Luisa",P\xc3\xa9rez\n')
    assert table.rows == [["1", "Ana, Luisa", "Pérez"]]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "old_excel"),
        (b"PK\x03\x04broken", "bad_xlsx"),
        (b'a,b\n"1,2\n', "bad_csv"),
    ],
)
def test_bad_files_are_named(data, code):
    with pytest.raises(TableError) as error:
        read_table(data)
    assert error.value.code == code


def test_rows_of_the_wrong_width_are_measured():
    table = read_table(b"a;b;c\n1;2;3\n1;2\n1;2;3;4\n1;2;3;;\n")
    assert table.widths == [3, 2, 4, 3]
    assert all(len(row) == 3 for row in table.rows)


def test_too_many_rows():
    data = ("a\n" + "x\n" * (MAX_ROWS + 1)).encode()
    with pytest.raises(TableError) as error:
        read_table(data)
    assert error.value.code == "too_many_rows"


def test_xlsx_dates_and_numbers_become_text():
    from datetime import datetime

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Número", "Fecha de ingreso", "Área total (ha)", "Colmenas"])
    sheet.append(["001", datetime(2019, 3, 14), 2.5, 40.0])
    out = io.BytesIO()
    workbook.save(out)
    table = read_table(out.getvalue())
    assert table.source == "xlsx"
    assert table.rows == [["001", "2019-03-14", "2.5", "40"]]


def test_bytes_no_encoding_can_read_are_named():
    # 0x81 is neither UTF-8 nor Windows-1252.
    with pytest.raises(TableError) as error:
        read_table(b"a;b\n\x81\x8d;x\n")
    assert error.value.code == "encoding"


def test_rows_keep_the_numbers_the_spreadsheet_shows():
    table = read_table(b"a;b\n\n1;2\n;\n3;4\n")
    assert table.lines == [3, 5]
