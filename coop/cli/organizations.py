"""Command line: create organizations and their first administrator, load the demo."""

import click
import sqlalchemy as sa
from flask import Flask

from coop.auth.models import Role
from coop.auth.services import create_user, grant
from coop.core.errors import DomainError
from coop.core.extensions import db
from coop.core.tenancy.models import Organization
from coop.statutes.founding import found_organization


def register(app: Flask) -> None:
    """Add the `org` and `demo` command groups to the app."""

    @app.cli.group("org")
    def org_group() -> None:
        """Organizations and their administrators."""

    @org_group.command("create")
    @click.argument("slug")
    @click.argument("name")
    @click.option("--country", default="MX", show_default=True)
    @click.option("--timezone", default="America/Mexico_City", show_default=True)
    @click.option("--language", default="es", type=click.Choice(app.config["LANGUAGES"]))
    def create(slug: str, name: str, country: str, timezone: str, language: str) -> None:
        """Create an organization."""
        try:
            org = found_organization(slug, name, country, timezone, language)
        except DomainError as error:
            raise click.ClickException(str(error.message)) from None
        db.session.commit()
        click.echo(f"Organization {org.slug} created.")

    @org_group.command("admin")
    @click.argument("slug")
    @click.argument("email")
    @click.option("--name", default="Administrator")
    @click.password_option()
    def admin(slug: str, email: str, name: str, password: str) -> None:
        """Create an administrator for an organization."""
        org = db.session.scalar(sa.select(Organization).where(Organization.slug == slug))
        if org is None:
            raise click.ClickException(f"No organization {slug}.")
        grant(org, create_user(name, email, password), Role.ADMIN, None)
        db.session.commit()
        click.echo(f"Administrator {email} created for {slug}.")

    @app.cli.command("demo")
    def demo() -> None:
        """Load the demo coffee cooperative (does nothing if it is already there)."""
        from coop.demo import DEMO_PASSWORD, load_demo

        org = load_demo()
        if org is None:
            click.echo("The demo organization is already loaded.")
            return
        db.session.commit()
        click.echo(
            f"Demo loaded: /o/{org.slug}/ - admin@demo.coop, secretaria@demo.coop, "
            f"certificador@demo.coop with password {DEMO_PASSWORD!r}; "
            "member 0001 with PIN 123456."
        )
