"""Who the citizen is: the identity a public e-service acts for.

The contract between the public forms and the citizen's sign-in: the OpenID Connect sign-in puts
the verified identity in the session under `CITIZEN_SESSION_KEY` (a dict with `sub`, and
`personal_identity_number` and `name` where the provider gives them); the forms and the public API
read it only through `current_citizen`. A citizen is never a staff user: `request.user` stays
anonymous.
"""

from dataclasses import dataclass

from django.http import HttpRequest

CITIZEN_SESSION_KEY = "skyddsnat_citizen"


@dataclass(frozen=True)
class Citizen:
    subject: str
    personal_identity_number: str = ""
    name: str = ""


def current_citizen(request: HttpRequest) -> Citizen | None:
    data = request.session.get(CITIZEN_SESSION_KEY) if hasattr(request, "session") else None
    if not isinstance(data, dict) or not data.get("sub"):
        return None
    return Citizen(
        subject=str(data["sub"]),
        personal_identity_number=str(data.get("personal_identity_number", "")),
        name=str(data.get("name", "")),
    )
