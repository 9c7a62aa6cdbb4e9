def test_unknown_page_gives_french_404(client, auth, factory):
    auth.login(factory.user())
    response = client.get("/nexiste-pas")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Page introuvable" in page and 'lang="fr"' in page


def test_forbidden_page_gives_french_403(client, auth, factory):
    auth.login(factory.user("trainee"))
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "Accès refusé" in response.get_data(as_text=True)


def test_api_errors_are_json(client):
    response = client.get("/api/nexiste-pas")
    assert response.status_code == 404
    assert response.is_json and response.get_json()["status"] == 404


def test_unexpected_error_gives_french_500_page(app, client, auth, factory):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():  # a view that fails, as a bug would
        raise RuntimeError("bug")

    response = client.get("/boom")
    assert response.status_code == 500
    assert "Erreur interne" in response.get_data(as_text=True)
