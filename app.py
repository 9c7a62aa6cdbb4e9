"""Encours: the application factory (flaskr style). Run with `flask --app app ...` or `make run`."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_wtf.csrf import generate_csrf

from core.config import build_config
from core.extensions import csrf, db, login_manager, migrate


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(build_config(app.instance_path))
    if test_config:
        app.config.update(test_config)

    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    _register_template_helpers(app)
    from core.errors import register_error_handlers

    register_error_handlers(app)
    return app


def _init_extensions(app: Flask) -> None:
    from core.database import configure_engine

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path) / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Connectez-vous pour accéder à cette page."
    login_manager.login_message_category = "info"

    @login_manager.unauthorized_handler
    def unauthorized():
        from flask import abort, redirect, request, url_for

        if request.path.startswith("/api/"):
            abort(401)
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))

    with app.app_context():
        configure_engine(db.engine)


def _register_blueprints(app: Flask) -> None:
    import accounts.panels  # noqa: F401  (registers home panels)
    import courseware.home  # noqa: F401  (course home panel and navigation entries)
    import courseware.loader  # noqa: F401  (registers the course content loader, before the banks)
    import quizzes.panels  # noqa: F401  (the practice quiz panel on module pages)
    import quizzes.sync  # noqa: F401  (registers the banks and exams content loaders)
    import simulator.panels  # noqa: F401  (case home panels and navigation entry)
    from accounts.admin import bp as admin_bp
    from accounts.views import bp as accounts_bp
    from core.home import bp as home_bp
    from courseware.views import bp as courseware_bp
    from courseware.views import glossary_bp
    from trainer.views import bp as trainer_bp
    from quizzes.api import bp as quizzes_api_bp
    from quizzes.certificate_views import bp as certificates_bp
    from quizzes.views import bp as quizzes_bp
    from simulator.views import bp as simulator_bp
    from trainer.attempts import bp as trainer_attempts_bp

    for blueprint in (home_bp, accounts_bp, admin_bp, trainer_bp, courseware_bp, glossary_bp):
        app.register_blueprint(blueprint)
    for blueprint in (quizzes_bp, quizzes_api_bp, certificates_bp, trainer_attempts_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(simulator_bp)


def _register_cli(app: Flask) -> None:
    from accounts.cli import cohorts_cli, users_cli
    from core.content import content_cli
    from core.demo import demo_cli
    from simulator.cli import cases_cli
    from quizzes.cli import quizzes_cli

    for group in (users_cli, cohorts_cli, content_cli, demo_cli, cases_cli, quizzes_cli):
        app.cli.add_command(group)


def _register_template_helpers(app: Flask) -> None:
    from cases.narrative import after_de
    from core import frenchnum
    from core.navigation import nav_items

    app.jinja_env.globals["csrf_token"] = generate_csrf
    app.jinja_env.globals["nav_items"] = nav_items
    app.jinja_env.filters["eur"] = frenchnum.format_eur
    app.jinja_env.filters["number"] = frenchnum.format_number
    app.jinja_env.filters["percent"] = frenchnum.format_percent
    app.jinja_env.filters["date_fr"] = frenchnum.format_date
    app.jinja_env.filters["datetime_fr"] = frenchnum.format_datetime
    app.jinja_env.filters["de"] = after_de
