"""The statistics files' pseudonyms hang on their own key: rotating SECRET_KEY (which logs
everyone out) leaves every child's code as it was; a new pseudonym key gives new codes."""

from django.test import override_settings

from conftest import new_identity_number
from skyddsnat.followup.selectors import pseudonym


def test_rotating_the_secret_key_leaves_the_pseudonym_as_it_was():
    number = new_identity_number()
    with override_settings(SECRET_KEY="first-secret-key", SKYDDSNAT_PSEUDONYM_KEY="pseudonyms"):
        before = pseudonym(number)
    with override_settings(SECRET_KEY="second-secret-key", SKYDDSNAT_PSEUDONYM_KEY="pseudonyms"):
        after = pseudonym(number)

    assert after == before
    assert number not in before


def test_a_new_pseudonym_key_gives_new_codes():
    number = new_identity_number()
    with override_settings(SKYDDSNAT_PSEUDONYM_KEY="pseudonyms"):
        before = pseudonym(number)
    with override_settings(SKYDDSNAT_PSEUDONYM_KEY="other-pseudonyms"):
        after = pseudonym(number)

    assert after != before


def test_two_children_get_two_codes():
    with override_settings(SKYDDSNAT_PSEUDONYM_KEY="pseudonyms"):
        assert pseudonym(new_identity_number()) != pseudonym(new_identity_number())
