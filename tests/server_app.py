"""The app a test serves with gunicorn in a subprocess: `gunicorn tests.server_app:app`.

Its settings come from the environment the test gives the server: DATABASE_URL (the test
database) and SECRET_KEY (the test app's, so the test can read the session cookies it
gets back). CSRF is off, as in the test client.
"""

import os

from coop import create_app

app = create_app(
    {
        "SQLALCHEMY_DATABASE_URI": os.environ["DATABASE_URL"],
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        # The test measures ballots, not login limits: its workers may count logins apart.
        "RATELIMIT_ONE_PROCESS": True,
    }
)
