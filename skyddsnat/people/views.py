"""Person search (live results with htmx) and the person page. Only persons met through a visible
case or the unit's early help are found; addresses never appear in results."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from skyddsnat.cases.permissions import may_see_address, works_with_cases
from skyddsnat.cases.views import is_htmx, require
from skyddsnat.children.selectors import early_help_for_person
from skyddsnat.organisation.requests import AuthenticatedRequest
from skyddsnat.people import selectors
from skyddsnat.people.forms import PersonSearchForm


@login_required
@require_safe
def person_search(request: AuthenticatedRequest) -> HttpResponse:
    require(works_with_cases(request.user))
    form = PersonSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = selectors.person_search_page(user=request.user, query=query, params=request.GET)
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
    require(works_with_cases(request.user))
    person, cases = selectors.person_detail(user=request.user, person_id=person_id)
    early_help = early_help_for_person(user=request.user, person=person)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "cases": cases,
            "early_help": early_help,
            "show_address": may_see_address(request.user, person),
        },
    )
