"""The intake form's lookup of a child's known guardians (issue 9 point 1).

When the typed identity number resolves to a child the user may see under `cases.policy` (through
a case they see), the form lists the child's guardians as the case page would (a protected
address withheld). A number of a child the user may not see (another district's, or protected
and not theirs) answers exactly as a number nobody has: an empty fragment, so the lookup tells
nothing of who is registered. Both looks are logged."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from skyddsnat.audit.services import audit_log
from skyddsnat.cases import policy
from skyddsnat.cases.guardians import GuardianRow, guardian_rows
from skyddsnat.lib import identity
from skyddsnat.organisation.models import User
from skyddsnat.organisation.requests import AuthenticatedRequest
from skyddsnat.people.models import Person


def known_guardians(*, user: User, typed_number: str) -> list[GuardianRow] | None:
    """The guardians of the child the number names, if the user may see that child; None for a
    number that is invalid, unknown, or of a child the user may not see (the same answer)."""
    try:
        number = identity.normalise(typed_number or "")
    except identity.InvalidIdentityNumber:
        return None
    person_id = Person.objects.filter(personal_identity_number=number).values_list("pk", flat=True)
    found = person_id.first()
    child = policy.visible_persons(user).filter(pk=found).first() if found else None
    if child is None:
        if found is not None:
            # Not told to the user; the auditor sees the look at a record out of the user's scope.
            audit_log(user=user, action="children.intake.guardians.refused", person_id=found)
        return None
    audit_log(user=user, action="children.intake.guardians", person_id=child.pk)
    return guardian_rows(user=user, child=child)


@login_required
@require_safe
def intake_guardians(request: AuthenticatedRequest) -> HttpResponse:
    """The htmx fragment under the child's identity number on the report form."""
    policy.require(policy.registers_concern_reports(request.user))
    rows = known_guardians(
        user=request.user, typed_number=request.GET.get("personal_identity_number", "")[:40]
    )
    return render(
        request,
        "children/_intake_guardians.html",
        {"guardians": rows, "known": rows is not None},
    )
