"""The pages for API tokens: "Mina API-nycklar" (your own) and, for the administrator, every
user's. A token is shown by its prefix only; the token itself was shown once, when issued."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from skyddsnat.api.models import ApiToken
from skyddsnat.api.services import token_revoke, tokens_visible_to
from skyddsnat.cases import policy
from skyddsnat.organisation.requests import AuthenticatedRequest, staff


@login_required
@require_GET
def token_list(request: AuthenticatedRequest) -> HttpResponse:
    user = staff(request)
    tokens = tokens_visible_to(user).filter(user=user)
    return render(request, "api/tokens.html", {"tokens": tokens, "everyone": False})


@login_required
@require_GET
def token_list_all(request: AuthenticatedRequest) -> HttpResponse:
    user = staff(request)
    policy.require(policy.may_manage_all_api_tokens(user))
    tokens: list[ApiToken] = list(tokens_visible_to(user))
    return render(request, "api/tokens.html", {"tokens": tokens, "everyone": True})


@login_required
@require_POST
def token_revoke_page(request: AuthenticatedRequest, token_id: int) -> HttpResponse:
    user = staff(request)
    token_revoke(user=user, token_id=token_id)
    messages.success(request, _("The API key was revoked. It no longer works."))
    if request.POST.get("from") == "all" and policy.may_manage_all_api_tokens(user):
        return redirect("api-token-page-all")
    return redirect("api-token-page")
