"""The accessibility statement (tillgänglighetsredogörelse, lag 2018:1937 om tillgänglighet till
digital offentlig service, 16 §), public at /tillganglighet/ and linked from every page's footer.

Its contents follow DIGG's list of what a statement holds: who provides the service, how far it
complies, the known shortcomings, how to report a problem (the contact is data: the settings
SKYDDSNAT_ACCESSIBILITY_EMAIL and SKYDDSNAT_ACCESSIBILITY_PHONE, the municipality's name from its
row), the supervising authority (DIGG) and how the service was assessed and when
(SKYDDSNAT_ACCESSIBILITY_ASSESSED). No sign-in, no personal data, not audited."""

import datetime as dt

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from skyddsnat.organisation.models import Municipality


@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    municipality = Municipality.objects.order_by("pk").first()
    context = {
        "municipality": municipality.name if municipality else "",
        "email": settings.SKYDDSNAT_ACCESSIBILITY_EMAIL,
        "phone": settings.SKYDDSNAT_ACCESSIBILITY_PHONE,
        "assessed": dt.date.fromisoformat(settings.SKYDDSNAT_ACCESSIBILITY_ASSESSED),
    }
    return render(request, "organisation/accessibility_statement.html", context)
