"""The count of unread notices for the header (base.html), for signed-in staff."""

from django.http import HttpRequest

from skyddsnat.jobs.selectors import unread_count
from skyddsnat.organisation.models import User


def notices(request: HttpRequest) -> dict[str, int]:
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_active:
        return {}
    return {"unread_notices": unread_count(user)}
