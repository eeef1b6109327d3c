"""Adding a row whose unique constraint is the rule: a duplicate is a refusal, not a 500."""

from sqlalchemy.exc import IntegrityError

from coop.db import Base
from coop.errors import DomainError
from coop.extensions import db


def add_unique(row: Base, refusal: str) -> None:
    """Insert `row` in a savepoint; if the database finds it already there, refuse with
    `refusal` and leave the rest of the transaction as it was."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        raise DomainError(refusal) from None
