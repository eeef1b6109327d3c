"""coop: governance records for small producer organizations."""

from pathlib import Path
from typing import Any

from flask import Flask

from coop.core.config import ROOT, Config, shared_limits_problem


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: extensions, blueprints, error handlers, CLI commands, in that order."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_object(Config)
    if config:
        app.config.update(config)
    for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if app.config[key] is None:
            app.config[key] = not app.config["DEVELOPMENT"]
    if not app.config["SECRET_KEY"]:
        if not (app.config["DEVELOPMENT"] or app.config.get("TESTING")):
            raise RuntimeError("Set SECRET_KEY to a long random value (or COOP_ENV=development).")
        app.config["SECRET_KEY"] = "development-only-key"
    if problem := shared_limits_problem(app.config):
        raise RuntimeError(problem)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'coop.db'}"
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # psycopg re-parses long statements each time: smaller multi-row INSERTs are faster.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "insertmanyvalues_page_size": 100,
            "pool_pre_ping": True,
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
        }
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from coop import models  # noqa: F401 - the whole schema, for the mappers and Alembic
    from coop.core import assets, routing, security, templating
    from coop.core.db import configure_sqlite
    from coop.core.extensions import babel, csrf, db, limiter, login_manager, migrate
    from coop.core.i18n import select_locale, select_timezone
    from coop.core.tenancy import context as tenancy
    from coop.members.access import load_context, load_page_context

    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    limiter.init_app(app)
    security.init_app(app)
    routing.init_app(app)
    templating.init_app(app)
    tenancy.init_app(app, load_context, load_page_context)
    assets.init_app(app)


def register_blueprints(app: Flask) -> None:
    from coop.api.views import bp as api
    from coop.assemblies.day_views import bp as assembly_day
    from coop.assemblies.views import bp as assemblies
    from coop.auth.account_views import bp as accounts
    from coop.auth.views import bp as auth
    from coop.books.views import bp as books
    from coop.books.views import papers_bp as papers
    from coop.certifiers.views import bp as certifiers
    from coop.evidence.views import bp as evidence
    from coop.exports.views import bp as exports
    from coop.home.member_login import bp as member_auth
    from coop.home.views import bp as home
    from coop.members.import_views import bp as member_files
    from coop.members.indicator_views import bp as member_figures
    from coop.members.views import bp as members
    from coop.minutes.settings_views import bp as minutes_settings
    from coop.minutes.views import bp as minutes
    from coop.statutes.views import bp as statutes
    from coop.voting.abstention_views import bp as abstentions
    from coop.voting.ballot_views import bp as ballots
    from coop.voting.views import bp as voting

    for blueprint in (
        auth,
        member_auth,
        home,
        accounts,
        members,
        member_files,
        member_figures,
        assemblies,
        assembly_day,
        statutes,
        voting,
        ballots,
        abstentions,
        minutes,
        minutes_settings,
        books,
        papers,
        evidence,
        exports,
        certifiers,
        api,
    ):
        app.register_blueprint(blueprint)


def register_error_handlers(app: Flask) -> None:
    from coop.core.errors import register_error_handlers as register

    register(app)


def register_commands(app: Flask) -> None:
    from coop.cli import organizations, translate, verify

    organizations.register(app)
    translate.register(app)
    verify.register(app)
