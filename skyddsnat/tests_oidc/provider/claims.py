"""The claims the test provider gives for a user: e-mail (verified) and name; with the scope
`personal_identity_number`, the number its `CitizenIdentity` holds (the citizens' sign-in)."""

from typing import Any

from oidc_provider.lib.claims import ScopeClaims


def userinfo(claims: dict[str, Any], user: Any) -> dict[str, Any]:
    claims["email"] = user.email
    claims["email_verified"] = True
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["name"] = f"{user.first_name} {user.last_name}".strip()
    return claims


class CitizenScopeClaims(ScopeClaims):
    info_personal_identity_number = ("Personnummer", "Ditt personnummer.")

    def scope_personal_identity_number(self) -> dict[str, Any]:
        from skyddsnat.tests_oidc.provider.models import CitizenIdentity

        found = CitizenIdentity.objects.filter(user=self.user).first()
        return {"personal_identity_number": found.personal_identity_number if found else None}
