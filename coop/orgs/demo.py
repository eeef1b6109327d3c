"""The demo organization: a coffee cooperative with members, one past assembly and a draft."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import g

from coop.assemblies import services as assemblies
from coop.auth.models import Role
from coop.auth.services import create_user, grant, issue_pin
from coop.extensions import db
from coop.members.services import create_member
from coop.minutes import services as minutes_services
from coop.minutes.models import Minutes
from coop.orgs.models import Organization
from coop.orgs.services import create_organization
from coop.voting import services as voting
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
    org = create_organization(
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

    members = []
    for n in range(1, 61):
        female = rng.random() < 0.42
        first = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        second = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        members.append(
            create_member(
                org,
                {
                    "number": f"{n:04d}",
                    "given_names": first
                    if rng.random() < 0.6 or first == second
                    else f"{first} {second}",
                    "surnames": f"{rng.choice(SURNAMES)} {rng.choice(SURNAMES)}",
                    "sex": "female" if female else "male",
                    "community": rng.choice(COMMUNITIES),
                    "joined_on": date(2005, 3, 1) + timedelta(days=rng.randrange(0, 6500)),
                    "status": "active" if n <= 56 else ("withdrawn" if n % 2 else "suspended"),
                },
                admin.id,
            )
        )
    # The demo PIN is fixed so that the README can name it.
    issue_pin(org, members[0], admin.id, pin=DEMO_PIN)

    _past_assembly(org, members, admin.id, rng)
    _draft_assembly(org, admin.id)
    return org


def _local(org: Organization, day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), ZoneInfo(org.timezone))


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
        org, assembly, day - timedelta(days=15), "Aviso en la oficina y radio comunitaria", actor_id
    )
    present = [m for m in members if m.status == "active" and rng.random() < 0.72]
    for member in present:
        assemblies.check_in(org, assembly, member.number, actor_id)
    decisions = [item for item in assembly.items if item.kind == "decision"]
    voting.record_show_of_hands(
        org, assembly, decisions[0], Tally(len(present) - 5, 2, 3), actor_id
    )
    vote = voting.open_vote(org, assembly, decisions[1], actor_id)
    db.session.flush()
    for member in present:
        choice = "yes" if rng.random() < 0.8 else rng.choice(["no", "abstain"])
        voting.cast_ballot(org, assembly, vote, member, choice)
    voting.close_vote(org, assembly, vote, actor_id)
    assemblies.close(org, assembly, actor_id)
    minutes = db.session.scalar(sa.select(Minutes).where(Minutes.assembly_id == assembly.id))
    minutes_services.update_text(
        org,
        minutes,
        "Se abrió la sesión a las 10:15 con la presencia del consejo de administración.",
        {str(decisions[1].id): "Se acordó comprar cinco secadoras solares con la prima SPP."},
        "Sin más asuntos que tratar, se levantó la sesión a las 13:40.",
        actor_id,
    )
    minutes_services.approve(org, minutes, actor_id)


def _draft_assembly(org: Organization, actor_id: int) -> None:
    day = org.today() + timedelta(days=20)
    assembly = assemblies.create_assembly(
        org,
        "extraordinary",
        "Asamblea General Extraordinaria",
        _local(org, day, 9),
        "Bodega de acopio de La Esperanza",
        actor_id,
    )
    for title, kind in [
        ("Informe de la cosecha", "information"),
        ("Compra de una despulpadora comunitaria", "decision"),
    ]:
        assemblies.add_item(org, assembly, title, kind, actor_id)
