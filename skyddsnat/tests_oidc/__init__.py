"""A real, local OpenID Connect provider for the tests: a small Django project on the
well-kept `django-oidc-provider` package (provider/), served by gunicorn in a subprocess and
reached over HTTP, exactly as Skyddsnät reaches a municipality's identity provider.

Reusable: `fixtures.py` starts it once per test session (the `oidc_provider` fixture) and lets a
test add users (with the claims a provider gives: `sub`, `email`) and clients (client id, secret,
redirect addresses). Staff sign-in uses it now; citizens' sign-in (e-legitimation through OIDC)
can use the same provider with another client.
"""
