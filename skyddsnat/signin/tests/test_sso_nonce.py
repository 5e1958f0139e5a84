"""Single sign-on: an ID token whose nonce is not the one this session sent is refused with the
sign-in page's 400, not a server error (joserfc's claim errors are not Authlib's)."""

import re
from urllib.parse import urlsplit

import requests
from django.test import Client

from skyddsnat.signin.tests.test_sso import IDP_PASSWORD, sso  # noqa: F401 (a fixture)


def test_an_id_token_with_another_nonce_is_refused(sso, caseworker):  # noqa: F811
    caseworker.email = "nonce.test@kommun.example"
    caseworker.save()
    sso.add_user("nonce-staff", IDP_PASSWORD, "nonce.test@kommun.example")
    client = Client()
    start = client.get("/inloggning/sso/")
    browser = requests.Session()
    page = browser.get(start["Location"], timeout=10)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = browser.post(
        page.url,
        data={
            "csrfmiddlewaretoken": csrf,
            "username": "nonce-staff",
            "password": IDP_PASSWORD,
            "next": re.search(r'name="next" value="([^"]*)"', page.text)
            .group(1)
            .replace("&amp;", "&"),
        },
        headers={"Referer": page.url},
        allow_redirects=False,
        timeout=10,
    )
    while answer.is_redirect and "/inloggning/sso/klar/" not in answer.headers["Location"]:
        answer = browser.get(
            requests.compat.urljoin(answer.url, answer.headers["Location"]),
            allow_redirects=False,
            timeout=10,
        )
    session = client.session
    (key,) = [k for k in session.keys() if k.startswith("_state_municipality_")]
    stored = dict(session[key])
    stored["data"] = {**stored["data"], "nonce": "another-nonce"}
    session[key] = stored
    session.save()
    back = urlsplit(answer.headers["Location"])

    response = client.get(f"{back.path}?{back.query}")

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
