"""The demo organization: a coffee cooperative with members, one past assembly and a draft."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import g

from coop.assemblies import attendance, session
from coop.assemblies import services as assemblies
from coop.auth.models import Access, Role
from coop.auth.services import create_user, grant
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.members.models import Member
from coop.members.pins import issue_pin
from coop.members.services import change_status, create_member, set_units
from coop.minutes import services as minutes_services
from coop.minutes import signing
from coop.minutes.models import Minutes
from coop.minutes.rules import sha256_text
from coop.statutes.founding import found_organization
from coop.voting import services as voting
from coop.voting.ballots import cast_ballot
from coop.voting.rules import Tally

SLUG = "cafe-sierra-verde"
DEMO_PASSWORD = "demo-coop-2026"
DEMO_PIN = "123456"

GIVEN_FEMALE = [
    "María",
    "Juana",
    "Rosa",
    "Guadalupe",
    "Carmen",
    "Ana",
    "Josefina",
    "Lucía",
    "Margarita",
    "Elena",
    "Teresa",
    "Isabel",
    "Catalina",
    "Verónica",
    "Francisca",
]
GIVEN_MALE = [
    "José",
    "Juan",
    "Pedro",
    "Miguel",
    "Francisco",
    "Antonio",
    "Manuel",
    "Jesús",
    "Alejandro",
    "Rafael",
    "Sebastián",
    "Andrés",
    "Tomás",
    "Ramón",
    "Efraín",
]
SURNAMES = [
    "Hernández",
    "García",
    "Martínez",
    "López",
    "Pérez",
    "Gómez",
    "Sánchez",
    "Ramírez",
    "Cruz",
    "Morales",
    "Jiménez",
    "Gutiérrez",
    "Ruiz",
    "Méndez",
    "Vázquez",
    "Santiz",
    "Díaz",
    "Álvarez",
    "Velasco",
    "Núñez",
    "Ordóñez",
    "Domínguez",
]
COMMUNITIES = ["San Isidro", "La Esperanza", "El Porvenir", "Nuevo Edén", "Santa Rosa"]


def load_demo() -> Organization | None:
    """Create the demo organization; None if it already exists."""
    if db.session.scalar(sa.select(Organization.id).where(Organization.slug == SLUG)):
        return None
    rng = random.Random(2026)
    org = found_organization(
        SLUG, "Cooperativa Cafetalera Sierra Verde", "MX", "America/Mexico_City", "es"
    )
    g.org = org  # dates in the minutes are shown in the organization's time zone
    admin = create_user("Rosa Méndez Cruz", "admin@demo.coop", DEMO_PASSWORD)
    grant(org, admin, Role.ADMIN, None)
    grant(
        org,
        create_user("Lucía Gómez Ruiz", "secretaria@demo.coop", DEMO_PASSWORD),
        Role.SECRETARY,
        admin.id,
    )
    grant(
        org,
        create_user("Auditoría SPP", "certificador@demo.coop", DEMO_PASSWORD),
        Role.CERTIFIER,
        admin.id,
        expires_on=org.today() + timedelta(days=90),
    )

    members = [_demo_member(org, n, rng, admin.id) for n in range(1, 61)]
    for member in members[56:]:
        leaving = "withdrawn" if int(member.number) % 2 else "suspended"
        change_status(
            org,
            member,
            leaving,
            org.today() - timedelta(days=rng.randrange(30, 400)),
            "Solicitud escrita del socio"
            if leaving == "withdrawn"
            else "Adeuda aportaciones de dos ciclos",
            "Acta del consejo n.º 41",
            admin.id,
        )
    # The demo PIN is fixed so that the README can name it.
    issue_pin(org, members[0], admin.id, pin=DEMO_PIN)

    _past_assembly(org, members, admin.id, rng)
    _draft_assembly(org, admin.id)
    return org


def _demo_member(org: Organization, n: int, rng: random.Random, actor_id: int) -> Member:
    female = rng.random() < 0.42
    first = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    second = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    joined = date(2005, 3, 1) + timedelta(days=rng.randrange(0, 6500))
    born = date(rng.randrange(1950, 2002), rng.randrange(1, 13), rng.randrange(1, 29))
    community = rng.choice(COMMUNITIES)
    member = create_member(
        org,
        {
            "number": f"{n:04d}",
            "given_names": first if rng.random() < 0.6 or first == second else f"{first} {second}",
            "surnames": f"{rng.choice(SURNAMES)} {rng.choice(SURNAMES)}",
            "national_id": f"{rng.choice('ABCDGHMPRS')}{rng.randrange(10**8, 10**9)}",
            "sex": "female" if female else "male",
            "birth_date": born if born < joined else None,
            "birth_year": None,
            "community": community,
            "group_name": f"Grupo {COMMUNITIES.index(community) + 1}",
            "phone": f"+52 9{rng.randrange(10**8, 10**9)}",
            "joined_on": joined,
            "admission_decision": f"Acta de asamblea {joined.year}",
        },
        actor_id,
    )
    coffee = Decimal(rng.randrange(50, 1400)) / 100 if n != 7 else Decimal("18.50")
    units = [
        {
            "product": "coffee",
            "total_area_ha": coffee + Decimal("1.5"),
            "product_area_ha": coffee,
            "organic": rng.random() < 0.7,
            "spp": True,
            "fair_trade": rng.random() < 0.5,
            "yearly_volume_kg": (coffee * 600).quantize(Decimal("1")),
        }
    ]
    if rng.random() < 0.15:
        units.append({"product": "honey", "hives": rng.randrange(5, 80), "organic": True})
    if n % 9 != 0:  # a few members have no production recorded yet
        set_units(org, member, units, actor_id)
    return member


def _local(org: Organization, day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), ZoneInfo(org.timezone))


def _past_assembly(org: Organization, members: list, actor_id: int, rng: random.Random) -> None:
    day = date(org.today().year, 3, 14)
    if day >= org.today():
        day = day.replace(year=day.year - 1)
    assembly = assemblies.create_assembly(
        org,
        "ordinary",
        "Asamblea General Ordinaria",
        _local(org, day, 10),
        "Salón ejidal de San Isidro",
        actor_id,
    )
    items = [
        ("Informe del consejo de administración", "information"),
        ("Aprobación de los estados financieros del ejercicio", "decision"),
        ("Uso de la prima SPP: secadoras solares para las comunidades", "decision"),
    ]
    for title, kind in items:
        assemblies.add_item(org, assembly, title, kind, actor_id)
    assemblies.convene(
        org,
        assembly,
        day - timedelta(days=15),
        ["office", "radio"],
        "Radio Comunitaria La Voz de la Sierra, domingos 9:00",
        actor_id,
    )
    # Too few at ten o'clock; the second call an hour later opens with those present. The
    # record of a past day is written now, so its times are set to that day's.
    present = [m for m in members if m.status == "active" and rng.random() < 0.72]
    for n, member in enumerate(present[:20]):
        attendance.check_in(org, assembly, member, actor_id, _local(org, day, 9, 30 + n))
    session.record_no_quorum(org, assembly, actor_id)
    for n, member in enumerate(present[20:]):
        attendance.check_in(org, assembly, member, actor_id, _local(org, day, 10, 20 + n))
    session.open_session(org, assembly, actor_id)
    assembly.opened_at = _local(org, day, 11, 5)
    decisions = [item for item in assembly.items if item.kind == "decision"]
    voting.record_show_of_hands(
        org, assembly, decisions[0], Tally(len(present) - 5, 2, 3), actor_id
    )
    vote = voting.open_vote(org, assembly, decisions[1], actor_id)
    db.session.flush()
    for member in present:
        choice = "yes" if rng.random() < 0.8 else rng.choice(["no", "abstain"])
        cast_ballot(org, vote, member, choice)
    voting.close_vote(org, assembly, vote, actor_id)
    session.close(org, assembly, actor_id)
    assembly.closed_at = _local(org, day, 13, 40)
    minutes = db.session.scalar(sa.select(Minutes).where(Minutes.assembly_id == assembly.id))
    minutes_services.update_text(
        org,
        minutes,
        "Se abrió la sesión en segunda convocatoria, con el consejo de administración presente.",
        {str(decisions[1].id): "Se acordó comprar cinco secadoras solares con la prima SPP."},
        "Sin más asuntos que tratar, se levantó la sesión a las 13:40.",
        actor_id,
    )
    # Chaired by the first member to arrive, minutes taken by the second; approved as the
    # session closed and signed by both from their own member accounts (PIN as the demo's).
    chair, recorder = present[0], present[1]
    minutes_services.name_signers(
        org, minutes, {"president": chair.number, "secretary": recorder.number}, actor_id
    )
    minutes_services.approve(org, minutes, actor_id, at=assembly.closed_at)
    for slot, member in (("president", chair), ("secretary", recorder)):
        issue_pin(org, member, actor_id, pin=DEMO_PIN)
        account = db.session.scalar(sa.select(Access).where(Access.member_id == member.id))
        signing.sign(
            org,
            minutes,
            slot,
            0,
            sha256_text(minutes.locked_html or ""),
            account.user_id,
            member.id,
        )


def _draft_assembly(org: Organization, actor_id: int) -> None:
    # Set for the day the demo is loaded, two hours ago, so that the tour can convene it and
    # run its day at once: both calls are due (unless the demo is loaded just after midnight).
    zone = ZoneInfo(org.timezone)
    midnight = datetime.combine(org.today(), time(0), zone)
    starts = max(datetime.now(zone).replace(second=0, microsecond=0) - timedelta(hours=2), midnight)
    assembly = assemblies.create_assembly(
        org,
        "extraordinary",
        "Asamblea General Extraordinaria",
        starts,
        "Bodega de acopio de La Esperanza",
        actor_id,
    )
    for title, kind in [
        ("Informe de la cosecha", "information"),
        ("Compra de una despulpadora comunitaria", "decision"),
    ]:
        assemblies.add_item(org, assembly, title, kind, actor_id)
