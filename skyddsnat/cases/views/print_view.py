"""The print view of a case (issue 14 point 3): the child or person, time limits, decisions,
interventions, the journal and the flow's records (the registry's print parts: the
investigation's content), laid out for paper by `static/css/print.css` (no menu, a header with
the case reference, the person's name and identity number, who printed and when, page breaks).

Access as the case page: a case the user does not see answers 404. Audited as one read that
names the print ("cases.case.print"); the parts read without auditing. A protected person's
address is printed only for a reader who may see it (`policy.may_see_address`)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from skyddsnat.cases import policy, registry, selectors
from skyddsnat.cases.views.common import deadline_rows, display_name, local_moment
from skyddsnat.organisation.requests import AuthenticatedRequest


@login_required
@require_safe
def case_print(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    user = request.user
    case = selectors.case_detail(user=user, case_id=case_id, action="cases.case.print")
    journal = [
        {"at": local_moment(entry.written_at), "by": display_name(entry.author), "text": entry.text}
        for entry in sorted(case.journal.all(), key=lambda e: (e.written_at, e.pk))
    ]
    context = {
        "case": case,
        "person": case.person,
        "show_address": policy.may_see_address(user, case.person),
        "deadlines": deadline_rows(case),
        "decisions": sorted(case.decisions.all(), key=lambda d: (d.decided_on, d.pk)),
        "interventions": sorted(case.interventions.all(), key=lambda i: (i.started_on, i.pk)),
        "journal": journal,
        # The flow's own events (children: reports, safety assessments, conversations).
        "events": sorted(registry.timeline_items(case), key=lambda item: item.sort_key),
        "parts": registry.print_parts(user, case),
        "printed_by": display_name(user),
        "printed_at": timezone.localtime(),
    }
    return render(request, "cases/case_print.html", context)
