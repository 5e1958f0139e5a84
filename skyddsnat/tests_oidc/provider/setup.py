"""Adds users and clients to the test provider's database: run as
`python -m skyddsnat.tests_oidc.provider.setup '<json>'` with DJANGO_SETTINGS_MODULE set to the
provider's settings. The JSON: {"users": [{"username", "password", "email", ...,
"personal_identity_number"?}],
"clients": [{"client_id", "client_secret", "redirect_uris": [...]}]}."""

import json
import sys

import django


def main(spec: dict) -> None:
    django.setup()
    from django.contrib.auth.models import User
    from oidc_provider.models import Client, ResponseType

    for entry in spec.get("users", []):
        user, _ = User.objects.get_or_create(username=entry["username"])
        user.email = entry.get("email", "")
        user.first_name = entry.get("first_name", "")
        user.last_name = entry.get("last_name", "")
        user.set_password(entry["password"])
        user.save()
        if "personal_identity_number" in entry:
            from skyddsnat.tests_oidc.provider.models import CitizenIdentity

            CitizenIdentity.objects.update_or_create(
                user=user, defaults={"personal_identity_number": entry["personal_identity_number"]}
            )
    code, _ = ResponseType.objects.get_or_create(
        value="code", defaults={"description": "code (Authorization Code Flow)"}
    )
    for entry in spec.get("clients", []):
        client, _ = Client.objects.get_or_create(client_id=entry["client_id"])
        client.name = entry["client_id"]
        client.client_type = "confidential"
        client.client_secret = entry["client_secret"]
        client.jwt_alg = "RS256"
        client.require_consent = False
        client.redirect_uris = entry["redirect_uris"]
        client.scope = entry.get("scope", ["openid", "email", "profile"])
        client.save()
        client.response_types.set([code])


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
