"""Small XLSX files that would make a naive reader work for minutes: built by hand, in memory.

Shared by the import benchmark (bench/import_members.py --hostile) and the tests
(tests/unit/members/test_tabular.py, tests/integration/members/test_import.py), which import
it as `bench.hostile_xlsx`. Each file is a real zip of hand-written XML, so it reaches the
reader exactly as an upload would. `HOSTILE` names each one and the refusal it must get.

The first files are the ones the security review found: tiny, because XML that repeats
itself packs a thousand to one. Their "loose" twins say the same with a little noise in
every element, so that they pack like real spreadsheets (10 to 1) and get past a check of the
packing ratio: each must then be stopped by the count that concerns it. Two CSV files close
the list: a CSV is not packed, but ten megabytes of it can still be millions of rows or cells.
"""

import io
import zipfile
from collections.abc import Callable, Iterable, Iterator

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"

Chunks = Iterable[bytes]


def _content_types(shared_strings: bool) -> bytes:
    parts = [
        ("/xl/workbook.xml", "sheet.main"),
        ("/xl/styles.xml", "styles"),
        ("/xl/worksheets/sheet1.xml", "worksheet"),
    ]
    if shared_strings:
        parts.append(("/xl/sharedStrings.xml", "sharedStrings"))
    overrides = "".join(
        f'<Override PartName="{name}" ContentType="{SPREADSHEET}.{kind}+xml"/>'
        for name, kind in parts
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CONTENT_TYPES}">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
    ).encode()


def _book_rels(shared_strings: bool) -> bytes:
    targets = [("worksheet", "worksheets/sheet1.xml"), ("styles", "styles.xml")]
    if shared_strings:
        targets.append(("sharedStrings", "sharedStrings.xml"))
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{RELS}/{kind}" Target="{target}"/>'
        for n, (kind, target) in enumerate(targets, start=1)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>'
        f'<Relationships xmlns="{PACKAGE_RELS}">{rels}</Relationships>'
    ).encode()


ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
).encode()
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
    '<sheets><sheet name="Register" sheetId="1" r:id="rId1"/></sheets></workbook>'
).encode()
STYLES_HEAD = (
    f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
).encode()
STYLES_TAIL = (
    b'<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    b"</styleSheet>"
)
STYLES = STYLES_HEAD + b'<cellXfs count="1"><xf xfId="0"/></cellXfs>' + STYLES_TAIL


def _write(archive: zipfile.ZipFile, name: str, chunks: Chunks) -> None:
    # Streamed into the zip: a hostile part may be tens of megabytes once unpacked.
    info = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=False) as part:
        for chunk in chunks:
            part.write(chunk)


def xlsx(
    sheet: Chunks,
    shared_strings: Chunks | None = None,
    styles: Chunks = (STYLES,),
    more_parts: int = 0,
) -> bytes:
    """A one-sheet workbook around the given sheet XML (and shared strings XML, if any);
    `more_parts` empty files are added to its zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        _write(archive, "[Content_Types].xml", [_content_types(shared_strings is not None)])
        _write(archive, "_rels/.rels", [ROOT_RELS])
        _write(archive, "xl/workbook.xml", [WORKBOOK])
        _write(archive, "xl/_rels/workbook.xml.rels", [_book_rels(shared_strings is not None)])
        _write(archive, "xl/styles.xml", styles)
        _write(archive, "xl/worksheets/sheet1.xml", sheet)
        if shared_strings is not None:
            _write(archive, "xl/sharedStrings.xml", shared_strings)
        for n in range(more_parts):
            archive.writestr(f"xl/media/image{n:06}.png", b"", zipfile.ZIP_STORED)
    return out.getvalue()


def sheet_xml(rows: Chunks, dimension: str | None = None, head: bytes = b"") -> Iterator[bytes]:
    """A worksheet whose <sheetData> holds the given row elements, after `head`."""
    ref = f'<dimension ref="{dimension}"/>' if dimension else ""
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'.encode()
    yield ref.encode() + head + b"<sheetData>"
    yield from rows
    yield b"</sheetData></worksheet>"


def strings_xml(items: Chunks, declared: int | None = None) -> Iterator[bytes]:
    """A shared-string table of the given <si> elements; `declared` sets uniqueCount."""
    counts = f' count="{declared}" uniqueCount="{declared}"' if declared is not None else ""
    yield f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}"{counts}>'.encode()
    yield from items
    yield b"</sst>"


def inline_row(number: int, cells: dict[str, str]) -> bytes:
    """A row of inline-string cells, {"A": "text", ...}."""
    body = "".join(
        f'<c r="{col}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
        for col, text in cells.items()
    )
    return f'<row r="{number}">{body}</row>'.encode()


HEADER = inline_row(1, {"A": "Número", "B": "Nombres"})


def _repeat(element: bytes, times: int) -> Iterator[bytes]:
    """`element` `times` times, a hundred thousand at a time."""
    for start in range(0, times, 100_000):
        yield element * min(100_000, times - start)


def _noisy(template: str, times: int) -> Iterator[bytes]:
    """`template` with {} replaced by a scrambled number: it packs about 10 to 1."""
    for start in range(0, times, 100_000):
        yield "".join(
            template.format(f"{(n * 2654435761) % 4294967291:08x}")
            for n in range(start, min(times, start + 100_000))
        ).encode()


def register(members: int = 20_000, columns: int = 60) -> bytes:
    """A legitimate register as Excel saves it: a dimension, shared strings, dates as numbers
    in a date style. The widest and longest the import takes, by default."""
    from openpyxl.utils import get_column_letter

    names = ["Número de socio", "Nombres", "Apellidos", "Cédula", "Sexo", "Fecha de ingreso"]
    names += ["Comunidad", "Producto", "Área total (ha)"]
    headers = [*names, *(f"Dato {n}" for n in range(len(names) + 1, columns + 1))][:columns]
    letters = [get_column_letter(n) for n in range(1, columns + 1)]
    strings: dict[str, int] = {}

    def cells(number: int, values: list[object]) -> bytes:
        out = []
        for letter, value in zip(letters, values, strict=False):
            ref = f"{letter}{number}"
            if isinstance(value, str):
                index = strings.setdefault(value, len(strings))
                out.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
            elif isinstance(value, tuple):  # a date: days since 1899-12-30, in style 1
                out.append(f'<c r="{ref}" s="1"><v>{value[0]}</v></c>')
            else:
                out.append(f'<c r="{ref}"><v>{value}</v></c>')
        return f'<row r="{number}" spans="1:{columns}">{"".join(out)}</row>'.encode()

    def member(i: int) -> list[object]:
        values: list[object] = [
            f"{i:05d}",
            f"Nombre {i}",
            f"Apellido {i % 500}",
            f"ID{i:08d}",
            "FM"[i % 2],
            (42_000 + i % 3_000,),
            f"Comunidad {i % 40}",
            ("Café", "Miel", "Cacao")[i % 3],
            (i % 200) / 10 + 0.5,
        ]
        for n in range(len(values), columns):
            values.append((f"Nota {i}-{n}", i % 97, f"Grupo {n % 7}")[n % 3])
        return values

    rows = [cells(1, list(headers)), *(cells(i + 1, member(i)) for i in range(1, members + 1))]
    dimension = f"A1:{letters[-1]}{members + 1}"
    table = strings_xml((f"<si><t>{text}</t></si>".encode() for text in strings), len(strings))
    styles = [
        STYLES_HEAD,
        b'<cellXfs count="2"><xf xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/>',
        b"</cellXfs>",
        STYLES_TAIL,
    ]
    return xlsx(sheet_xml(rows, dimension), list(table), styles)


# -- the files the review found ------------------------------------------------------------


def wide_dimension() -> bytes:
    """1.5 KB: declares A1:XFD20000 and holds one cell, in the last column of row 20,000."""
    return xlsx(sheet_xml([inline_row(20_000, {"XFD": "x"})], dimension="A1:XFD20000"))


def many_shared_strings(count: int = 4_000_000, declare: bool = True) -> bytes:
    """167 KB: a table of `count` shared strings (uniqueCount says so only if `declare`)."""
    strings = strings_xml(_repeat(b"<si><t>a</t></si>", count), count if declare else None)
    sheet = sheet_xml([b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'])
    return xlsx(sheet, strings)


def empty_rows(count: int = 10_000_000) -> bytes:
    """89 KB: a header, then `count` empty <row/> elements."""
    return xlsx(sheet_xml([HEADER, *_repeat(b"<row/>", count)]))


# -- the same, and more, packed loosely ---------------------------------------------------------


def far_cell() -> bytes:
    """Declares A1:XFD1048576 and holds one cell, in the last row a sheet can have."""
    return xlsx(sheet_xml([HEADER, inline_row(1_048_576, {"A": "x"})], "A1:XFD1048576"))


def loose_shared_strings(count: int = 1_250_000) -> bytes:
    """`count` different shared strings, uniqueCount left out."""
    return xlsx(
        sheet_xml([b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>']),
        strings_xml(_noisy("<si><t>{}</t></si>", count)),
    )


def declared_shared_strings(count: int = 4_000_000) -> bytes:
    """One shared string, in a table whose uniqueCount says `count`."""
    return xlsx(
        sheet_xml([b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>']),
        strings_xml([b"<si><t>a</t></si>"], declared=count),
    )


def loose_empty_rows(count: int = 150_000) -> bytes:
    """A header, then `count` empty rows, each with its number."""
    rows = (f'<row r="{n}"/>'.encode() for n in range(2, count + 2))
    return xlsx(sheet_xml([HEADER, *rows]))


def loose_wide_row(count: int = 200_000) -> bytes:
    """One row of `count` empty cells, each with a style of its own."""
    return xlsx(sheet_xml([b"<row>", *_noisy('<c s="{}"/>', count), b"</row>"]))


def loose_head(count: int = 300_000) -> bytes:
    """A sheet with `count` column widths before its rows (openpyxl keeps every one)."""
    head = b"<cols>" + b"".join(_noisy('<col min="1" max="1" width="{}"/>', count)) + b"</cols>"
    return xlsx(sheet_xml([HEADER], head=head))


def loose_styles(count: int = 300_000) -> bytes:
    """A style sheet of `count` cell formats (openpyxl builds an object for each)."""
    styles = [STYLES_HEAD, b"<cellXfs>", *_noisy('<xf numFmtId="0" xfId="{}"/>', count)]
    return xlsx(sheet_xml([HEADER]), styles=[*styles, b"</cellXfs>", STYLES_TAIL])


def long_text(megabytes: int = 2) -> bytes:
    """One cell of `megabytes` MB of text."""
    text = b"".join(_noisy("{}", megabytes * (1 << 20) // 8))
    return xlsx(sheet_xml([b'<row><c t="inlineStr"><is><t>', text, b"</t></is></c></row>"]))


def unpacked_giant(megabytes: int = 130) -> bytes:
    """A sheet that unpacks to `megabytes` MB of spaces."""
    return xlsx(sheet_xml([b" " * (1 << 20)] * megabytes))


def many_parts(count: int = 20_000) -> bytes:
    """A workbook with `count` more (empty) files in its zip."""
    return xlsx(sheet_xml([HEADER]), more_parts=count)


def billion_laughs() -> bytes:
    """A sheet whose DTD defines an entity that unfolds to a billion "lol"."""
    entities = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    dtd = f'<!DOCTYPE worksheet [<!ENTITY l0 "lol">{entities}]>'
    sheet = (
        f'<?xml version="1.0"?>{dtd}<worksheet xmlns="{MAIN}"><sheetData>'
        '<row><c t="inlineStr"><is><t>&l9;</t></is></c></row></sheetData></worksheet>'
    )
    return xlsx([sheet.encode()])


def lying_size() -> bytes:
    """A 40 MB sheet whose zip entry says it unpacks to 1,000 bytes."""
    data = bytearray(xlsx(sheet_xml([HEADER, b" " * (40 << 20)])))
    name = b"xl/worksheets/sheet1.xml"
    local = data.find(b"PK\x03\x04")
    while local >= 0:
        if data[local + 30 : local + 30 + len(name)] == name:
            data[local + 22 : local + 26] = (1000).to_bytes(4, "little")
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        if data[central + 46 : central + 46 + len(name)] == name:
            data[central + 24 : central + 28] = (1000).to_bytes(4, "little")
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


# -- and the same in CSV ---------------------------------------------------------------------


def line_breaks(megabytes: int = 10) -> bytes:
    """A header, then `megabytes` MB of line breaks: one empty row each."""
    return b"a;b\n" + b"\n" * (megabytes << 20)


def wide_csv_row(megabytes: int = 10) -> bytes:
    """A header, then one row of `megabytes` MB of cells, two characters each."""
    return b"a;b\n" + b"x;" * (megabytes << 19)


# name -> (builder, the TableError code it must get)
HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "dimension A1:XFD20000, one cell in row 20,000": (wide_dimension, "too_many_columns"),
    "4 million shared strings": (many_shared_strings, "xlsx_bomb"),
    "10 million empty rows": (empty_rows, "xlsx_bomb"),
    "one cell in row 1,048,576": (far_cell, "sheet_too_long"),
    "1.25 million shared strings, loose, not declared": (loose_shared_strings, "too_many_texts"),
    "4 million shared strings declared": (declared_shared_strings, "too_many_texts"),
    "150,000 empty rows, loose": (loose_empty_rows, "sheet_too_long"),
    "200,000 cells in one row, loose": (loose_wide_row, "too_many_cells"),
    "300,000 column widths before the rows, loose": (loose_head, "xlsx_too_big"),
    "300,000 cell formats, loose": (loose_styles, "xlsx_too_big"),
    "2 MB of text in one cell": (long_text, "xlsx_too_big"),
    "130 MB of spaces": (unpacked_giant, "xlsx_too_big"),
    "20,000 files in the zip": (many_parts, "xlsx_too_big"),
    "billion laughs": (billion_laughs, "bad_xlsx"),
    "40 MB sheet declared as 1,000 bytes": (lying_size, "bad_xlsx"),
    "CSV: 10 MB of line breaks": (line_breaks, "sheet_too_long"),
    "CSV: one row of 5 million cells": (wide_csv_row, "too_many_cells"),
}
