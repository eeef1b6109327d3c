"""Login sessions: a fresh one at every login, kept on the server so that logging out ends it,
with an idle timeout and an absolute lifetime that are shorter for e-mail accounts (board,
secretary, certifiers) than for members.

The signed cookie holds the session's random reference (`sid`) and when it was last used; a
row on the server holds its end. Each session is ended alone: logging out of the desk's
computer does not end the same person's session on their phone or at the door (a new password
or PIN, which raises the account's `session_version`, ends them all).
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

import sqlalchemy as sa
from flask import current_app, g, session
from flask_login import login_user, logout_user

from coop.auth.models import LoginKind, LoginSession, User
from coop.core.db import utcnow
from coop.core.extensions import db
from coop.core.routing import DB_INT_MAX

SID, SEEN = "sid", "seen"
# What a fresh session keeps of the one before login: the language the reader chose on the
# login page. Nothing else (no CSRF token, no flashed message, nothing a visitor planted).
KEPT_AT_LOGIN = ("lang",)
# Where the user found with a page's first query waits for Flask-Login (`found_with_page`).
FOUND = "coop_session_user"
# The cookie's last-used time is renewed once it is older than this share of the idle
# timeout (5 minutes of a board account's 2 hours, an hour of a member's day): a new cookie
# is signed and sent (bytes on 2G) that seldom, and a session idle for the whole timeout is
# never ended more than that share early.
SEEN_STEP = 24


def _idle(kind: LoginKind) -> timedelta:
    key = "BOARD_SESSION_IDLE" if kind == LoginKind.PASSWORD else "MEMBER_SESSION_IDLE"
    return current_app.config[key]


def _lifetime(kind: LoginKind) -> timedelta:
    key = "BOARD_SESSION_LIFETIME" if kind == LoginKind.PASSWORD else "MEMBER_SESSION_LIFETIME"
    return current_app.config[key]


def start_session(user: User, kind: LoginKind) -> None:
    """Log `user` in with a new session: the session before login is dropped, a row is kept
    on the server, and the cookie names it. Its first statement writes, so that a login
    whose check only read (`reads_only`) can end that check's transaction first and write
    in one of its own without reading anew (see `coop.core.db._takes_write_lock`)."""
    # The id is known without a query even if the commit of the check expired the object.
    user_id = sa.inspect(user).identity[0]
    kept = {key: session[key] for key in KEPT_AT_LOGIN if key in session}
    g.pop(FOUND, None)  # the user found with the page was the session's before this one
    session.clear()
    session.update(kept)
    # Flask-WTF keeps the request's CSRF token in `g` too: a page rendered in answer to the
    # login (the ballot) must carry the new session's token, not the one just checked.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    now = utcnow()
    # The person's sessions that are over are of no more use.
    db.session.execute(
        sa.delete(LoginSession).where(
            LoginSession.user_id == user_id,
            sa.or_(LoginSession.ended_at.is_not(None), LoginSession.expires_at <= now),
        )
    )
    sid = secrets.token_urlsafe(16)
    db.session.add(
        LoginSession(
            sid=sid, user_id=user_id, kind=kind, created_at=now, expires_at=now + _lifetime(kind)
        )
    )
    login_user(user)
    session[SID] = sid
    session[SEEN] = int(now.timestamp())
    session.permanent = True


def end_session() -> None:
    """Log out: the session ends on the server, and the browser's cookie is emptied."""
    sid = session.get(SID)
    if isinstance(sid, str):
        db.session.execute(
            sa.update(LoginSession)
            .where(LoginSession.sid == sid, LoginSession.ended_at.is_(None))
            .values(ended_at=utcnow())
        )
    logout_user()
    g.pop(FOUND, None)
    session.clear()


@dataclass(frozen=True)
class SessionKeys:
    """What the cookie says of its login session, before the database is asked."""

    token: str  # Flask-Login's "user id:session version"
    user_id: int
    version: int
    sid: str
    seen: int
    now: datetime

    def values(self) -> dict[str, object]:
        """The bind parameters of `live_session_row` and `still_live`."""
        return {"user_id": self.user_id, "sid": self.sid, "now": self.now, "version": self.version}


def session_keys(token: object) -> SessionKeys | None:
    """The keys of the cookie's session for Flask-Login's `token`, or None when the cookie
    holds none that could be live."""
    if not isinstance(token, str):
        return None
    user_id, _sep, version = token.partition(":")
    sid, seen = session.get(SID), session.get(SEEN)
    if not (user_id.isdigit() and version.isdigit()) or int(user_id) > DB_INT_MAX:
        return None
    if not isinstance(sid, str) or not isinstance(seen, int):
        return None
    return SessionKeys(token, int(user_id), int(version), sid, seen, utcnow())


def cookie_keys() -> SessionKeys | None:
    """The keys of the request's own session (Flask-Login keeps its token as "_user_id")."""
    return session_keys(session.get("_user_id"))


def live_session_row() -> sa.ColumnElement[bool]:
    """The condition on `LoginSession` that finds the cookie's session while it is live: not
    ended, within its lifetime; bind parameters user_id, sid and now (`SessionKeys.values`)."""
    return sa.and_(
        LoginSession.user_id == sa.bindparam("user_id", type_=sa.Integer),
        LoginSession.sid == sa.bindparam("sid", type_=sa.String),
        LoginSession.ended_at.is_(None),
        LoginSession.expires_at > sa.bindparam("now", type_=LoginSession.expires_at.type),
    )


def checked_user(keys: SessionKeys, user: User | None, kind: LoginKind | None) -> User | None:
    """The user of the live session row found for `keys`, if it still counts: opened with the
    account's current password or PIN and not idle too long. Its last use is renewed."""
    if user is None or kind is None:
        return None
    last_used = datetime.fromtimestamp(keys.seen, keys.now.tzinfo)
    if user.session_version != keys.version or keys.now - last_used > _idle(kind):
        return None
    if keys.now - last_used >= _idle(kind) / SEEN_STEP:
        session[SEEN] = int(keys.now.timestamp())
    return user


def found_with_page(keys: SessionKeys, user: User | None) -> None:
    """Keep the user that a page's first query found with the organization (see
    `coop.members.access`), so that Flask-Login does not ask the database again."""
    setattr(g, FOUND, (keys.token, keys.sid, user))


def session_user(token: str) -> User | None:
    """The user of the session the cookie names, if it is still live: not ended on the server,
    within its lifetime and idle timeout, opened with the account's current password or PIN.
    One query, as every page starts with it, or none when the page's first one found it."""
    keys = session_keys(token)
    if keys is None:
        return None
    found = g.get(FOUND)
    if found is not None and found[:2] == (keys.token, keys.sid):
        return found[2]
    row = db.session.execute(_live_session(), keys.values()).one_or_none()
    return None if row is None else checked_user(keys, *row)


@cache
def _live_session() -> sa.Select:
    """Built once: every page a logged-in person opens outside an organization starts with it."""
    return (
        sa.select(User, LoginSession.kind)
        .join(LoginSession, sa.and_(LoginSession.user_id == User.id, live_session_row()))
        .where(User.id == sa.bindparam("user_id", type_=sa.Integer))
    )


def still_live() -> sa.Exists:
    """As SQL, for a statement that writes only while it holds: the cookie's session is live
    and was opened with the account's current password or PIN; bind parameters as
    `SessionKeys.values` gives them."""
    return sa.exists().where(
        live_session_row(),
        User.id == LoginSession.user_id,
        User.session_version == sa.bindparam("version", type_=sa.Integer),
    )


def is_live(keys: SessionKeys) -> bool:
    """Whether the cookie's session is still live now, as the database has it."""
    return bool(db.session.scalar(sa.select(still_live()), keys.values()))
