"""`flask coop ...`: verify an export or an organization's chain, and the database grants that
keep the audit trail out of the application's reach."""

import sys

import click
import sqlalchemy as sa
from flask import Flask

from coop.audit import offline
from coop.audit.protection import app_role_grants
from coop.audit.services import anchors_of
from coop.audit.verification import trail_rows, verify_chain
from coop.core.extensions import db
from coop.core.tenancy.models import Organization


def against_database(report: offline.Report) -> list[offline.Problem]:
    """What the database says of an export: its head must still be in the organization's chain
    (else the chain was rewritten since), and an export with that manifest was made."""
    slug = report.manifest.get("organization", {}).get("slug")
    org = db.session.scalar(sa.select(Organization).where(Organization.slug == slug))
    if org is None:
        return [offline.Problem("unreadable", "the database", f"no organization {slug!r} here")]
    head = report.head or {}
    problems = offline.check_chain(trail_rows(org), None, [{**head, "purpose": "the export"}])
    made = [a for a in anchors_of(org) if a.purpose == "export"]
    if not any(a.reference.endswith(report.manifest_sha256) for a in made):
        problems.append(
            offline.Problem(
                "added",
                "the export",
                "this database never made an export with this manifest",
            )
        )
    return problems


def register(app: Flask) -> None:
    """Add the `coop` command group to the app."""

    @app.cli.group("coop")
    def coop_group() -> None:
        """Verification of exports and of the audit trail."""

    @coop_group.command("verify")
    @click.argument("export", type=click.Path(exists=True, dir_okay=False))
    @click.option("--previous", multiple=True, help="An older export whose head must remain.")
    @click.option("--anchor", multiple=True, help="A head noted by hand, as SEQ:HASH.")
    @click.option("--offline", "alone", is_flag=True, help="Do not compare with the database.")
    def verify(
        export: str, previous: tuple[str, ...], anchor: tuple[str, ...], alone: bool
    ) -> None:
        """Check every file of EXPORT, its audit chain and anchors (and, unless --offline, that
        the database's chain still holds its head)."""
        report = offline.check_export(export, list(previous), list(anchor))
        if not alone and report.manifest:
            report.problems += against_database(report)
        click.echo(offline.describe(report))
        sys.exit(0 if report.ok else 1)

    @coop_group.command("verify-chain")
    @click.argument("slug")
    def verify_org_chain(slug: str) -> None:
        """Check an organization's audit chain in the database against its anchors."""
        org = db.session.scalar(sa.select(Organization).where(Organization.slug == slug))
        if org is None:
            raise click.ClickException(f"No organization {slug!r}.")
        problems = verify_chain(org)
        for problem in problems:
            click.echo(str(problem))
        if not problems:
            click.echo(f"OK: the audit chain of {slug} holds, with every anchored head in it.")
        sys.exit(1 if problems else 0)

    @coop_group.command("app-role-grants")
    @click.argument("role")
    def grants(role: str) -> None:
        """Print the SQL that lets ROLE (not the tables' owner) run coop on PostgreSQL."""
        for statement in app_role_grants(role):
            click.echo(statement + ";")
