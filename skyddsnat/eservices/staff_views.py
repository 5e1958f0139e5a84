"""The staff side of the e-services: the unit's reception sees the requests for help sent to it
(404 for anyone else, as every staff page refuses)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from skyddsnat.cases import policy
from skyddsnat.eservices import selectors
from skyddsnat.organisation.requests import AuthenticatedRequest


@login_required
@require_safe
def help_request_list(request: AuthenticatedRequest) -> HttpResponse:
    policy.require(policy.receives_help_requests(request.user))
    rows = selectors.help_requests(user=request.user)
    return render(request, "eservices/staff/help_requests.html", {"rows": rows})
