"""The demo shows consents and partner access (issue 10 points 1 and 2): `polis.<district>` and
`skola.<district>` with their agencies, participants shared with them, a withdrawn and an expired
consent, and a disclosure without consent."""

from django.utils import timezone

from skyddsnat.organisation.models import District, Role, User
from skyddsnat.partners import selectors
from skyddsnat.partners.models import Consent, Disclosure


def test_the_partner_users_exist_per_district_with_their_agency(tiny_demo):
    for district in District.objects.filter(successor__isnull=True, valid_to__isnull=True):
        police = User.objects.get(username=f"polis.{district.slug}")
        school = User.objects.get(username=f"skola.{district.slug}")
        assert (police.role, police.agency, police.unit) == (Role.PARTNER, "police", None)
        assert (school.role, school.agency) == (Role.PARTNER, "school")
        assert police.check_password("demo-test-pw")
    assert "polis.jarva" in tiny_demo


def test_the_demo_shares_something_and_shows_withdrawn_and_expired_consents(tiny_demo):
    shared = {
        user.username: selectors.partner_participants(user).count()
        for user in User.objects.filter(role=Role.PARTNER)
    }
    assert any(count for name, count in shared.items() if name.startswith("polis."))
    assert any(count for name, count in shared.items() if name.startswith("skola."))
    assert Consent.objects.filter(withdrawn_on__isnull=False).exists()
    today = timezone.localdate()
    assert Consent.objects.filter(valid_to__lt=today).exists()
    assert Disclosure.objects.exists()
