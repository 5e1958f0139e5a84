"""Person search (live results with htmx) and the person page: spine pages, since a person is
shown through the cases the user may see. Only persons met through a visible case are found;
addresses never appear in results. A flow adds its part of the person page through
`cases.registry` (children: the unit's early help)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from skyddsnat.cases import persons, policy, registry
from skyddsnat.cases.actions import is_htmx
from skyddsnat.cases.guardians import guardian_rows
from skyddsnat.organisation.requests import AuthenticatedRequest
from skyddsnat.people.forms import PersonSearchForm


@login_required
@require_safe
def person_search(request: AuthenticatedRequest) -> HttpResponse:
    policy.require(policy.works_with_cases(request.user))
    form = PersonSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = persons.person_search_page(user=request.user, query=query, params=request.GET)
    context = {
        "form": form,
        "query": query,
        "persons": page.object_list,
        "page": page,
        "searched": len(query) >= 2,
    }
    template = "people/_results.html" if is_htmx(request) else "people/search.html"
    return render(request, template, context)


@login_required
@require_safe
def person_detail(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    policy.require(policy.works_with_cases(request.user))
    person, cases = persons.person_detail(user=request.user, person_id=person_id)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "cases": cases,
            "show_address": policy.may_see_address(request.user, person),
            "guardians": guardian_rows(user=request.user, child=person),
            **registry.person_page_context(request.user, person),
        },
    )
