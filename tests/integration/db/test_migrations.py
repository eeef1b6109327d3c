"""The migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from coop.core.extensions import db


def test_migrated_schema_matches_the_models(app):
    with app.app_context(), db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []


def test_one_head(app):
    from alembic.script import ScriptDirectory
    from flask_migrate import Migrate  # noqa: F401 - the extension holds the config

    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_migrated_check_constraints_carry_the_models_names(app):
    """compare_metadata does not look at CHECK constraints: the names are compared here, so a
    migration that names one twice over (ck_vote_ck_vote_...) or forgets one fails."""
    import sqlalchemy as sa

    with app.app_context(), db.engine.connect() as conn:
        inspector = sa.inspect(conn)
        for table in db.metadata.sorted_tables:
            declared = {
                c.name
                for c in [
                    *table.constraints,
                    *(k for col in table.columns for k in col.constraints),
                ]
                if isinstance(c, sa.CheckConstraint)
            }
            found = {c["name"] for c in inspector.get_check_constraints(table.name)}
            assert declared <= found, (table.name, declared - found)
