"""French error pages (HTML) and JSON errors for the API."""

from __future__ import annotations

from flask import jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES = {
    400: ("Requête invalide", "La demande n'a pas pu être traitée : vérifiez les informations saisies."),
    401: ("Connexion requise", "Connectez-vous pour accéder à cette page."),
    403: ("Accès refusé", "Vous n'avez pas les droits nécessaires pour afficher cette page."),
    404: ("Page introuvable", "Cette page n'existe pas ou a été déplacée."),
    405: ("Méthode non autorisée", "Cette action n'est pas possible sur cette page."),
    409: ("Conflit", "Cette action n'est plus possible dans l'état actuel."),
    413: ("Fichier trop volumineux", "Le fichier envoyé dépasse la taille autorisée (8 Mo)."),
    429: ("Trop de demandes", "Patientez quelques instants avant de réessayer."),
    500: ("Erreur interne", "Une erreur inattendue s'est produite. Vos réponses enregistrées sont conservées ; réessayez dans un instant."),
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json"
    )


def _respond(code: int, detail: str | None = None):
    title, text = MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400])
    if wants_json():
        return jsonify(error=detail or text, status=code), code
    return render_template("errors/error.html", code=code, title=title, text=detail or text), code


def register_error_handlers(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _respond(400, "Jeton de sécurité (CSRF) absent ou expiré : rechargez la page puis recommencez.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        detail = error.description if error.description and not error.description.startswith(("The ", "You ")) else None
        return _respond(error.code or 500, detail)

    @app.errorhandler(InternalServerError)
    def server_error(error):
        return _respond(500)
