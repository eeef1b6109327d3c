import io
import zipfile

import pytest
from openpyxl import Workbook

from bench import hostile_xlsx as hostile
from coop.members.tabular import LIMITS, MAX_COLUMNS, MAX_ROWS, Limits, TableError, read_table

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


# -- spreadsheets that explode ---------------------------------------------------------------


@pytest.mark.parametrize("name", list(hostile.HOSTILE))
def test_hostile_spreadsheets_are_refused_with_their_reason(name):
    build, code = hostile.HOSTILE[name]
    with pytest.raises(TableError) as error:
        read_table(build())
    assert error.value.code == code


HEADER = hostile.inline_row(1, {"A": "Número", "B": "Nombres"})
ANA = hostile.inline_row(2, {"A": "1", "B": "Ana"})


def _sheet(*rows: bytes, dimension=None, head=b"") -> bytes:
    return hostile.xlsx(hostile.sheet_xml([HEADER, *rows], dimension, head))


def _refusal(data: bytes, limits: Limits) -> str | None:
    try:
        read_table(data, limits)
    except TableError as error:
        return error.code
    return None


def test_a_declared_size_is_not_believed():
    # LibreOffice declares A1:AMJ1048576 for a sheet with formatted columns; others declare
    # A1:A1 for anything. Neither pads nor cuts what is read.
    for dimension in ("A1:AMJ1048576", "A1:A1", "A1:XFD1048576"):
        table = read_table(_sheet(ANA, dimension=dimension))
        assert (table.headers, table.rows) == (["Número", "Nombres"], [["1", "Ana"]]), dimension


def test_formatted_empty_cells_and_rows_around_the_register_are_read_past():
    styled_cells = "".join(f'<c r="{c}2" s="1"/>' for c in ("BZ", "ZZ", "XFD"))
    row = ANA.replace(b"</row>", styled_cells.encode() + b"</row>")
    empty_rows = b"".join(f'<row r="{n}" s="1" customFormat="1"/>'.encode() for n in range(3, 5000))
    table = read_table(_sheet(row, empty_rows, dimension="A1:XFD5000"))
    assert table.rows == [["1", "Ana"]]
    assert table.widths == [2]


def test_a_value_past_the_last_column_is_refused():
    at_the_edge = hostile.inline_row(2, {"A": "1", "BH": "x"})  # column 60
    assert read_table(_sheet(at_the_edge)).widths == [60]
    past_it = hostile.inline_row(2, {"A": "1", "BI": "x"})  # column 61
    assert _refusal(_sheet(past_it), LIMITS) == "too_many_columns"


def test_blank_rows_keep_the_numbers_the_spreadsheet_shows():
    table = read_table(_sheet(hostile.inline_row(7, {"A": "2", "B": "Luis"})))
    assert table.lines == [7]


def test_a_sheet_with_prefixes_rich_text_and_no_cell_references():
    main = hostile.MAIN
    sheet = (
        f'<?xml version="1.0"?><x:worksheet xmlns:x="{main}"><x:sheetData>'
        '<x:row><x:c t="inlineStr"><x:is><x:t>Número</x:t></x:is></x:c>'
        '<x:c t="s"><x:v>0</x:v></x:c></x:row>'
        '<x:row><x:c><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:r><x:t>A</x:t></x:r>'
        "<x:r><x:t>na</x:t></x:r></x:is></x:c></x:row></x:sheetData></x:worksheet>"
    )
    strings = hostile.strings_xml(
        [b"<si><r><rPr><b/></rPr><t>Nom</t></r><r><t>bres</t></r></si>"], declared=1
    )
    table = read_table(hostile.xlsx([sheet.encode()], strings))
    assert (table.headers, table.rows) == (["Número", "Nombres"], [["1", "Ana"]])


def test_a_register_of_the_widest_kind_is_read():
    table = read_table(hostile.register(members=300, columns=MAX_COLUMNS))
    assert len(table.headers) == MAX_COLUMNS and len(table.rows) == 300
    assert table.rows[-1][:2] == ["00300", "Nombre 300"]


def _strings(count: int, declared: int | None = None, prefix: str = "") -> bytes:
    si = f"<{prefix}si><{prefix}t>{{}}</{prefix}t></{prefix}si>"
    xmlns = f' xmlns:x="{hostile.MAIN}"'.encode() if prefix else b""
    items = (si.format(n).encode() for n in range(count))
    table = b"".join(hostile.strings_xml(items, declared)).replace(b"<sst ", b"<sst" + xmlns + b" ")
    return hostile.xlsx(hostile.sheet_xml([HEADER]), [table])


def test_shared_strings_are_counted_whatever_they_declare():
    limits = Limits(strings=100)
    assert _refusal(_strings(100), limits) is None
    assert _refusal(_strings(101), limits) == "too_many_texts"
    assert _refusal(_strings(101, prefix="x:"), limits) == "too_many_texts"
    assert _refusal(_strings(101, declared=1), limits) == "too_many_texts"
    assert _refusal(_strings(1, declared=101), limits) == "too_many_texts"


def test_rows_are_counted_empty_ones_too():
    limits = Limits(rows=100)
    empty = [b"<row/>"] * 98
    assert _refusal(_sheet(ANA, *empty), limits) is None
    assert _refusal(_sheet(ANA, *empty, b"<row/>"), limits) == "sheet_too_long"
    far = hostile.inline_row(101, {"A": "2"})
    assert _refusal(_sheet(far), limits) == "sheet_too_long"
    assert _refusal(_sheet(far.replace(b"<is><t>2</t></is>", b"")), limits) is None


def test_cells_and_elements_of_a_row_are_counted():
    limits = Limits(row_cells=100, row_elements=300)
    row = b"<row>" + b'<c t="inlineStr"><is><t>x</t></is></c>' * 2 + b"<c/>" * 98 + b"</row>"
    assert _refusal(_sheet(row), limits) is None
    assert _refusal(_sheet(row.replace(b"<c/>", b"<c/><c/>", 1)), limits) == "too_many_cells"
    # openpyxl takes any child of a row for a cell, and keeps what is inside it
    nested = b"<row><c>" + b"<foo/>" * 300 + b"</c></row>"
    assert _refusal(_sheet(nested), limits) == "too_many_cells"


def test_elements_outside_the_rows_are_counted():
    limits = Limits(side_elements=100)
    cols = b"<cols>" + b'<col min="1" max="1"/>' * 80 + b"</cols>"
    assert _refusal(_sheet(ANA, head=cols), limits) is None
    assert _refusal(_sheet(ANA, head=cols * 2), limits) == "xlsx_too_big"
    styles = [hostile.STYLES_HEAD, b"<cellXfs>", b"<xf/>" * 100, b"</cellXfs>", hostile.STYLES_TAIL]
    assert _refusal(hostile.xlsx(hostile.sheet_xml([HEADER, ANA]), styles=styles), limits) == (
        "xlsx_too_big"
    )


def test_the_zip_is_measured_before_it_is_unpacked():
    data = _sheet(ANA)
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    biggest = max(info.file_size for info in infos)
    total = sum(info.file_size for info in infos)
    ratio = max(info.file_size / info.compress_size for info in infos)
    grace = min(info.file_size for info in infos) - 1
    for fits, passes in [
        (Limits(parts=len(infos)), Limits(parts=len(infos) - 1)),
        (Limits(part_bytes=biggest), Limits(part_bytes=biggest - 1)),
        (Limits(total_bytes=total), Limits(total_bytes=total - 1)),
    ]:
        assert _refusal(data, fits) is None
        assert _refusal(data, passes) == "xlsx_too_big"
    assert _refusal(data, Limits(ratio=int(ratio) + 1, ratio_grace=grace)) is None
    assert _refusal(data, Limits(ratio=int(ratio), ratio_grace=grace)) == "xlsx_bomb"
    assert _refusal(data, Limits(tags=10)) == "xlsx_too_big"
    long_name = hostile.inline_row(2, {"A": "1", "B": "Ana" * 100})
    assert _refusal(data, Limits(text_run=250)) is None
    assert _refusal(_sheet(long_name), Limits(text_run=250)) == "xlsx_too_big"


def test_a_part_that_is_not_xml_is_only_measured():
    data = hostile.xlsx(hostile.sheet_xml([HEADER, ANA]), more_parts=1)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        # an uncompressed bitmap: a long run of bytes, none of them "<"
        target.writestr("xl/media/image1.bmp", b"BM" + b"\xff" * (1 << 20))
    assert read_table(out.getvalue()).rows == [["1", "Ana"]]


def test_shared_strings_that_are_not_utf8_are_refused():
    # Strings are counted in UTF-8 bytes; openpyxl would read UTF-16 as well.
    strings = b"".join(hostile.strings_xml([b"<si><t>Nombres</t></si>"]))
    utf16 = ("\ufeff" + strings.decode().replace("UTF-8", "UTF-16")).encode("utf-16-le")
    sheet = b"".join(hostile.sheet_xml([b'<row><c t="s"><v>0</v></c></row>']))
    assert read_table(hostile.xlsx([sheet], [strings])).headers == ["Nombres"]
    assert _refusal(hostile.xlsx([sheet], [utf16]), LIMITS) == "bad_xlsx"


def test_csv_rows_and_lines_are_counted():
    limits = Limits(rows=10, row_cells=3, row_characters=40)
    assert _refusal(b"a;b;c\n1;2;3\n" + b"\n" * 8, limits) is None
    assert _refusal(b"a;b;c\n1;2;3\n" + b"\n" * 9, limits) == "sheet_too_long"
    assert _refusal(b"a;b;c\n1;2;3;\n", limits) == "too_many_cells"
    assert _refusal(b"a;b;c\n1;2;" + b"x" * 40 + b"\n", limits) == "too_many_cells"
    # a quoted field carries one row over several lines: they count together
    quoted = b'a;b;c\n1;2;"' + b"x\n" * 8 + b"x" * 30 + b'"\n'
    assert _refusal(quoted, limits) == "too_many_cells"
    assert read_table(b'a;b;c\n1;2;"x\nx"\n', limits).rows == [["1", "2", "x\nx"]]


# -- text that slips past checks ---------------------------------------------------------------

ROWS = ["Número;Nombres", "001;José", "002;{}"]


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
    ],
)
@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\u0090", "\ufffe"])
def test_control_characters_are_refused_whatever_the_encoding(encoding, bom, character):
    # \x85 is a line break to Python but not to a spreadsheet: it must not split the row
    text = "\r\n".join(ROWS).format(f"Nul{character}Name") + "\r\n"
    with pytest.raises(TableError) as error:
        read_table(bom + text.encode(encoding))
    assert (error.value.code, error.value.params) == ("control_character", {"line": 3})


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_control_characters_are_refused_without_a_bom(encoding):
    # Bytes under 9 in the first 4 KB, or a NUL anywhere, mean a binary file; others are read.
    text = "\r\n".join(["Número;Nombres", *["001;José"] * 500, "002;Nul\x7fName"]) + "\r\n"
    with pytest.raises(TableError) as error:
        read_table(text.encode(encoding))
    assert (error.value.code, error.value.params) == ("control_character", {"line": 502})
    for byte in (b"\x00", b"\x01"):
        with pytest.raises(TableError) as error:
            read_table(text.replace("\x7f", "").encode(encoding).replace(b"Nul", b"Nul" + byte))
        assert error.value.code == ("binary" if byte == b"\x00" else "control_character")


def test_a_header_with_a_control_character_is_refused():
    with pytest.raises(TableError) as error:
        read_table("Número;Nom\x00bres\r\n001;José\r\n".encode("utf-16"))
    assert error.value.params == {"line": 1}


def test_tabs_and_line_breaks_inside_a_cell_are_text():
    table = read_table(b'\xef\xbb\xbfa;b\r\n1;"two\r\nlines\twith a tab"\r\n')
    assert table.rows == [["1", "two\r\nlines\twith a tab"]]


@pytest.mark.parametrize("character", ["\x7f", "\u0090", "\x9f"])
def test_control_characters_in_an_xlsx_cell_are_refused(character):
    # XML cannot carry NUL, most C0 controls or U+FFFE at all: expat refuses them as damage.
    row = hostile.inline_row(3, {"A": "2", "B": f"Nul{character}Name"})
    with pytest.raises(TableError) as error:
        read_table(_sheet(ANA, row))
    assert (error.value.code, error.value.params) == ("control_character", {"line": 3})
    nul = hostile.inline_row(3, {"A": "2", "B": "Nul&#0;Name"})
    with pytest.raises(TableError) as error:
        read_table(_sheet(ANA, nul))
    assert error.value.code == "bad_xlsx"
