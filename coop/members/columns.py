"""The register's columns as spreadsheets hold them: names, aliases and cell parsers.

Pure: cells are strings in, typed values out; a refused cell raises CellError with a code
that the import pages translate (see members/register_labels.py).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from coop.members.rules import Certification, MemberStatus, Product, Sex, fold, normalize_number


class CellError(ValueError):
    """A cell that cannot be read; `code` names the message, `params` fill it."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


MIN_YEAR = 1900
NUMBER = re.compile(r"^[\w-]{1,20}$")


def text(max_len: int) -> Callable[[str], str]:
    def parse(cell: str) -> str:
        if len(cell) > max_len:
            raise CellError("too_long", max=max_len)
        return cell

    return parse


def member_number(cell: str) -> str:
    number = normalize_number(cell)
    if not NUMBER.match(number):
        raise CellError("bad_number_format")
    return number


DATE_PATTERNS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})$"),
)


def parse_date(cell: str, today: date) -> date:
    """ISO (2020-03-14) or day first (14/03/2020, 14-03-2020, 14.03.2020)."""
    cell = cell.split(" ")[0].split("T")[0]  # spreadsheets append a midnight time
    for pattern in DATE_PATTERNS:
        match = pattern.match(cell)
        if match:
            try:
                value = date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                break
            if not value.year >= MIN_YEAR or value > today:
                raise CellError("date_out_of_range", year=MIN_YEAR)
            return value
    raise CellError("bad_date")


def parse_birth(cell: str, today: date) -> tuple[date | None, int]:
    """A full date of birth, or only its year."""
    if re.fullmatch(r"\d{4}", cell):
        year = int(cell)
        if not MIN_YEAR <= year <= today.year:
            raise CellError("date_out_of_range", year=MIN_YEAR)
        return None, year
    value = parse_date(cell, today)
    return value, value.year


def parse_decimal(cell: str, low: Decimal, high: Decimal) -> Decimal:
    """A number written with a decimal comma or point: 1,5 / 1.5 / 1.234,5 / 1,234.5."""
    raw = cell.replace(" ", "").replace("\u00a0", "")
    separators = [c for c in raw if c in ",."]
    if len(separators) == 1 and re.fullmatch(r"-?[1-9]\d{0,2}[.,]\d{3}", raw):
        # 1.234 is a thousand in Spanish and Portuguese and one and a bit in English.
        raise CellError("ambiguous_number")
    if "," in raw and "." in raw:
        decimal_mark = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        raw = raw.replace(thousands, "").replace(decimal_mark, ".")
    else:
        raw = raw.replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise CellError("bad_decimal") from None
    if not value.is_finite() or not low <= value <= high:
        raise CellError("out_of_range", low=low, high=high)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def parse_count(cell: str, high: int) -> int:
    value = parse_decimal(cell, Decimal(0), Decimal(high))
    if value != value.to_integral_value():
        raise CellError("not_whole")
    return int(value)


def _words(mapping: dict[Any, tuple[str, ...]]) -> dict[str, Any]:
    return {fold(word): value for value, words in mapping.items() for word in words}


SEX_WORDS = _words(
    {
        Sex.FEMALE: ("f", "female", "woman", "mujer", "femenino", "feminino", "mulher", "fem"),
        Sex.MALE: ("m", "male", "man", "hombre", "masculino", "homem", "h", "masc"),
        Sex.OTHER: ("other", "otro", "outro", "otra", "outra"),
        Sex.NOT_STATED: ("not stated", "no indica", "sin dato", "nao informado", "n/a", "-"),
    }
)
STATUS_WORDS = _words(
    {
        MemberStatus.ACTIVE: ("active", "activo", "activa", "ativo", "ativa", "vigente"),
        MemberStatus.SUSPENDED: ("suspended", "suspendido", "suspendida", "suspenso", "suspensa"),
        MemberStatus.WITHDRAWN: (
            "withdrawn",
            "retirado",
            "retirada",
            "renuncia",
            "desligado",
            "desligada",
            "baja",
        ),
        MemberStatus.EXCLUDED: (
            "excluded",
            "excluido",
            "excluida",
            "expulsado",
            "expulsada",
            "eliminado",
            "eliminada",
        ),
        MemberStatus.DECEASED: ("deceased", "fallecido", "fallecida", "falecido", "falecida"),
    }
)
PRODUCT_WORDS = _words(
    {
        Product.COFFEE: ("coffee", "cafe"),
        Product.CACAO: ("cacao", "cacau", "cocoa"),
        Product.HONEY: ("honey", "miel", "mel", "apicultura"),
        Product.SUGAR_CANE: (
            "sugar cane",
            "sugar_cane",
            "cana",
            "cana de azucar",
            "cana de acucar",
            "cana-de-acucar",
            "panela",
        ),
        Product.BANANA: ("banana", "banano", "platano"),
        Product.OTHER: ("other", "otro", "outro"),
    }
)
YES_NO_WORDS = _words(
    {
        True: ("yes", "y", "si", "sim", "s", "x", "true", "1", "verdadero"),
        False: ("no", "n", "nao", "false", "0", "falso"),
    }
)
CERTIFICATION_WORDS = _words(
    {
        Certification.ORGANIC: ("organic", "organico", "organica", "bio", "ecologico"),
        Certification.SPP: ("spp", "simbolo de pequenos productores", "small producers symbol"),
        Certification.FAIR_TRADE: (
            "fair trade",
            "fair_trade",
            "fairtrade",
            "comercio justo",
            "flo",
            "fla",
        ),
    }
)


def word(mapping: dict[str, Any]) -> Callable[[str], Any]:
    def parse(cell: str) -> Any:
        try:
            return mapping[fold(cell)]
        except KeyError:
            raise CellError("unknown_word") from None

    return parse


def certifications(cell: str) -> list[str]:
    parse = word(CERTIFICATION_WORDS)
    found = {parse(part.strip()) for part in re.split(r"[,;/+|]", cell) if part.strip()}
    return sorted(c.value for c in found)


@dataclass(frozen=True)
class Column:
    """One column of the register's spreadsheet layout."""

    key: str
    aliases: tuple[str, ...]
    required: bool = False
    unit: bool = False  # belongs to the production unit, not to the member
    parse: Callable[..., Any] = field(default=text(200))
    needs_today: bool = False


AREA_MAX = Decimal("10000")
VOLUME_MAX = Decimal("10000000")

COLUMNS: tuple[Column, ...] = (
    Column(
        "number",
        (
            "number",
            "member number",
            "no",
            "nro",
            "numero",
            "numero de socio",
            "n socio",
            "no socio",
            "no de socio",
            "numero socio",
            "codigo",
            "matricula",
            "numero de matricula",
            "n",
        ),
        required=True,
        parse=member_number,
    ),
    Column(
        "given_names",
        (
            "given names",
            "first name",
            "first names",
            "nombre",
            "nombres",
            "nome",
            "nomes",
            "primeiro nome",
        ),
        required=True,
        parse=text(120),
    ),
    Column(
        "surnames",
        ("surnames", "surname", "last name", "apellido", "apellidos", "sobrenome", "sobrenomes"),
        required=True,
        parse=text(120),
    ),
    Column(
        "national_id",
        (
            "national id",
            "id",
            "dni",
            "cedula",
            "curp",
            "cpf",
            "rg",
            "ci",
            "documento",
            "documento de identidad",
            "rut",
            "dpi",
            "ine",
        ),
        parse=text(40),
    ),
    Column("sex", ("sex", "gender", "sexo", "genero"), parse=word(SEX_WORDS)),
    Column(
        "birth",
        (
            "birth",
            "date of birth",
            "birth date",
            "birth year",
            "fecha de nacimiento",
            "nacimiento",
            "ano de nacimiento",
            "data de nascimento",
            "nascimento",
            "ano de nascimento",
        ),
        parse=parse_birth,
        needs_today=True,
    ),
    Column(
        "community",
        (
            "community",
            "locality",
            "comunidad",
            "localidad",
            "comunidade",
            "localidade",
            "vereda",
            "aldea",
            "caserio",
        ),
        parse=text(120),
    ),
    Column(
        "group",
        (
            "group",
            "section",
            "base group",
            "grupo",
            "seccion",
            "grupo de base",
            "nucleo",
            "sector",
            "setor",
        ),
        parse=text(120),
    ),
    Column(
        "phone",
        ("phone", "telephone", "mobile", "telefono", "celular", "telefone", "movil", "whatsapp"),
        parse=text(40),
    ),
    Column(
        "joined_on",
        (
            "join date",
            "joined",
            "joined on",
            "admission date",
            "fecha de ingreso",
            "ingreso",
            "fecha de afiliacion",
            "data de admissao",
            "admissao",
            "data de entrada",
        ),
        required=True,
        parse=parse_date,
        needs_today=True,
    ),
    Column(
        "admission_decision",
        (
            "admission decision",
            "admitted by",
            "acta de admision",
            "decision de admision",
            "ata de admissao",
            "decisao de admissao",
        ),
        parse=text(200),
    ),
    Column(
        "status",
        ("status", "estado", "situacion", "situacao", "condicion"),
        parse=word(STATUS_WORDS),
    ),
    Column(
        "status_since",
        (
            "status since",
            "status date",
            "estado desde",
            "fecha del estado",
            "situacao desde",
            "data da situacao",
            "fecha de baja",
            "data de desligamento",
        ),
        parse=parse_date,
        needs_today=True,
    ),
    Column(
        "in_good_standing",
        (
            "in good standing",
            "good standing",
            "al dia",
            "habil",
            "socio habil",
            "em dia",
            "adimplente",
        ),
        parse=word(YES_NO_WORDS),
    ),
    Column(
        "product",
        ("product", "crop", "producto", "cultivo", "produto", "cultura"),
        unit=True,
        parse=word(PRODUCT_WORDS),
    ),
    Column(
        "total_area_ha",
        (
            "total area",
            "total area ha",
            "area total",
            "area total ha",
            "superficie total",
            "hectareas",
            "hectares",
            "area total (ha)",
        ),
        unit=True,
        parse=lambda c: parse_decimal(c, Decimal(0), AREA_MAX),
    ),
    Column(
        "product_area_ha",
        (
            "product area",
            "product area ha",
            "area del producto",
            "area cultivada",
            "area en produccion",
            "area com o produto",
            "area produtiva",
            "area de cafe",
            "area de cacao",
        ),
        unit=True,
        parse=lambda c: parse_decimal(c, Decimal(0), AREA_MAX),
    ),
    Column(
        "hives",
        ("hives", "beehives", "colmenas", "colmeias", "cajas"),
        unit=True,
        parse=lambda c: parse_count(c, 100_000),
    ),
    Column(
        "certifications",
        ("certifications", "certificaciones", "certificacoes", "certificados"),
        unit=True,
        parse=certifications,
    ),
    Column(
        "yearly_volume_kg",
        (
            "yearly volume",
            "yearly volume kg",
            "volume kg",
            "volumen",
            "volumen kg",
            "produccion estimada",
            "produccion kg",
            "volume",
            "producao",
            "producao kg",
            "producao estimada",
        ),
        unit=True,
        parse=lambda c: parse_decimal(c, Decimal(0), VOLUME_MAX),
    ),
)
BY_KEY = {column.key: column for column in COLUMNS}


def header_key(header: str) -> str:
    """A header folded for matching: accents, case, punctuation and units dropped."""
    folded = fold(header)
    folded = re.sub(r"\((ha|kg|hectareas|hectares)\)", r" \1", folded)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def match_headers(headers: list[str], extra: dict[str, set[str]] | None = None) -> list[str | None]:
    """The column key each header stands for, or None when it is not recognized."""
    aliases: dict[str, str] = {}
    for column in COLUMNS:
        names = set(column.aliases) | {column.key} | (extra or {}).get(column.key, set())
        for name in names:
            aliases.setdefault(header_key(name), column.key)
    keys: list[str | None] = []
    for header in headers:
        key = aliases.get(header_key(header))
        keys.append(key if key not in keys else None)  # a column counts once
    return keys
