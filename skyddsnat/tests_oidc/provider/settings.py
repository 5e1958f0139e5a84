"""Settings of the test identity provider (not of Skyddsnät). Its database and its address come
from the environment the fixture sets: OIDC_TEST_DB (an SQLite file), OIDC_TEST_SITE_URL."""

import os
from pathlib import Path

DEBUG = False
SECRET_KEY = "test-identity-provider-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "oidc_provider",
    # Its own record of a user's personal identity number (the citizens' sign-in).
    "skyddsnat.tests_oidc.provider.apps.ProviderConfig",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "skyddsnat.tests_oidc.provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("OIDC_TEST_DB", ":memory:"),
    }
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
LOGIN_URL = "/accounts/login/"
# Its own cookie names: the app under test may share the host name (cookies ignore the port).
SESSION_COOKIE_NAME = "op_sessionid"
CSRF_COOKIE_NAME = "op_csrftoken"

SITE_URL = os.environ.get("OIDC_TEST_SITE_URL", "http://127.0.0.1:8000")
OIDC_USERINFO = "skyddsnat.tests_oidc.provider.claims.userinfo"
OIDC_IDTOKEN_INCLUDE_CLAIMS = True
# The scope `personal_identity_number` gives the claim of that name (the citizens' sign-in), as an
# e-legitimation broker gives the number; the citizen client may introspect its own tokens.
OIDC_EXTRA_SCOPE_CLAIMS = "skyddsnat.tests_oidc.provider.claims.CitizenScopeClaims"
