"""A citizen's session opens nothing of staff's: every staff URL of the access matrix (pages,
htmx fragments, API, exports, the rule admin), requested with a signed-in citizen's session,
answers exactly as it answers an anonymous visitor (the staff login, or 401 from the API), and a
POST changes nothing."""

from django.test import Client

from skyddsnat.eservices.citizen import Citizen
from skyddsnat.eservices.identity import CITIZEN_SESSION_KEY
from skyddsnat.eservices.tests.conftest import citizen_session
from skyddsnat.tests.test_access_matrix import (  # noqa: F401 (fixtures the world needs)
    ACCESS,
    STAFF,
    _case_state,
    _refusal_problem,
    _row_counts,
    address,
    all_routes,
    coordinator,
    kwarg_maker,
    lss_manager,
    lss_officer,
    lss_outsider,
    world,
)


def test_no_staff_url_opens_for_a_citizen(world):  # noqa: F811 (the fixture)
    number = world.case.person.personal_identity_number
    client = citizen_session(
        Client(raise_request_exception=False),
        Citizen(subject="sub-of-the-child", personal_identity_number=number),
    )
    problems = []
    checked = 0
    for route in sorted(all_routes(), key=lambda r: r.name):
        access = ACCESS.get(route.name)
        if access is None:
            continue
        users = access.get | access.may_post
        if not users & STAFF or "anonymous" in users:
            continue  # not staff's, or open to every visitor (the staff login page)
        if any(kwarg_maker(route.url_name, key) is None for key in route.kwargs):
            continue
        url = address(route, world)
        checked += 1
        response = client.get(url)
        if "_auth_user_id" in client.session:
            problems.append(f"GET {route.name}: the citizen became a staff user")
        problem = _refusal_problem("anonymous", route, url, response)
        if problem:
            problems.append(f"GET {route.name} ({url}): {problem}")
        rows, state = _row_counts(), _case_state(world)
        if url.startswith("/api/"):
            response = client.post(url, data={}, content_type="application/json")
        else:
            response = client.post(url, data={})
        if 200 <= response.status_code < 300:
            problems.append(f"POST {route.name}: a citizen got {response.status_code}")
        if _row_counts() != rows or _case_state(world) != state:
            problems.append(f"POST {route.name}: a citizen changed something")
    assert checked > 100
    # The citizen was signed in throughout: every answer above was to a citizen's session.
    assert client.session[CITIZEN_SESSION_KEY]["sub"] == "sub-of-the-child"
    assert not problems, "\n".join(problems)
