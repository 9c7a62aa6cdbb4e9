import re

import pytest


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_post_without_csrf_token_is_refused(client, factory):
    person = factory.user()
    response = client.post("/login", data={"email": person.email, "password": person.password})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # not logged in


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_post_with_csrf_token_is_accepted_and_pages_expose_it(client, factory):
    person = factory.user("admin")
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": person.email, "password": person.password, "csrf_token": token})
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    meta = re.search(r'<meta name="csrf-token" content="([^"]+)"', home).group(1)
    # a state change without the token is refused, with it (header, as scripts send it) accepted
    assert client.post("/admin/cohorts/new", data={"name": "Sans jeton"}).status_code == 400
    response = client.post("/admin/cohorts/new", data={"name": "Avec jeton"}, headers={"X-CSRFToken": meta})
    assert response.status_code == 302
