"""coop as bench/cast_vote.py serves it with gunicorn, plus the ceiling it is compared to.

Run by the bench: `gunicorn --chdir bench cast_vote_app:app`, with DATABASE_URL and
SECRET_KEY in the environment, as the README's "Running it for real" sets them. The ceiling,
POST /bench/ceiling/<organization>/<vote>/<member>, inserts one ballot row and commits: no
login, no checks, no CSRF. It lives here only, never in the app.
"""

import sqlalchemy as sa

from coop import create_app
from coop.core.extensions import csrf, db
from coop.voting.models import Ballot
from coop.voting.rules import receipt_code

app = create_app()


@app.post("/bench/ceiling/<int:organization_id>/<int:vote_id>/<int:member_id>")
@csrf.exempt
def ceiling(organization_id: int, vote_id: int, member_id: int) -> tuple[str, int]:
    """The least a cast can cost on this server and database: one INSERT, one commit."""
    db.session.execute(
        sa.insert(Ballot).values(
            receipt=receipt_code(),
            organization_id=organization_id,
            vote_id=vote_id,
            member_id=member_id,
            marks=[],
        )
    )
    db.session.commit()
    return "", 204
