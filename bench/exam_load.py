"""Load test of the exam: N candidates start `certification` together, answer every question through the exam
API with a think time, and submit; then the database is checked for lost answers.

    .venv/bin/python bench/exam_load.py [--candidates 500] [--think 5] [--ramp 0] [--answers N] [--database-url URL]
                                        [--workers 4]
    .venv/bin/python bench/exam_load.py --url http://127.0.0.1:8000 --database-url URL   # a running `make serve`

Without --url the script prepares the database (migrations, content sync, bench accounts) and starts gunicorn
the way `make serve` does (same worker count and timeout, production settings, plain HTTP on loopback), with
one extra route: `POST /bench/ceiling`, a bare endpoint doing one INSERT, whose throughput is the ceiling the
autosave is compared with (a server started elsewhere has no such route: the ceiling is then not measured).
Phases: logins (the accounts carry the application's real argon2id hash; --login-concurrency at a time,
timed apart from the exam), ceiling saturation, the ceiling released for every candidate at the same instant
(what a simultaneous start is compared with), autosave saturation, then the exam: every candidate posts the
start form and loads the exam page (released at the same instant, or spread over --ramp seconds as when a room
clicks "Commencer" on the invigilator's signal), saves each answer after a think time, and submits. Prints
requests/s, p50/p95/p99 per call, errors, the ratios to the ceilings and the lost-answer check. The candidates are asyncio tasks with a minimal HTTP client, so that the
client's own CPU (printed) stays small beside the server's on the same machine.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import re
import resource
import signal
import socket
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import requests  # only to wait for the server to start

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
PASSWORD = "bench-encours-2026"
EMAIL = "bench-{kind}-{n:04d}@encours.test"
SLUG = "certification"


# --- the server --------------------------------------------------------------------------------------------

def bench_app():
    """The application plus the ceiling endpoint (gunicorn factory: `bench.exam_load:bench_app()`)."""
    from flask import Blueprint, jsonify
    from sqlalchemy import text

    from accounts.access import public
    from app import create_app
    from core.extensions import csrf, db

    app = create_app()
    ceiling = Blueprint("bench_ceiling", __name__)

    @ceiling.post("/bench/ceiling")
    @public
    def insert_one():
        db.session.execute(text("INSERT INTO bench_ceiling (created_at) VALUES (:now)"),
                           {"now": dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)})
        db.session.commit()
        return jsonify(ok=True)

    csrf.exempt(insert_one)
    app.register_blueprint(ceiling)
    return app


def prepare_database(database_url: str, candidates: int, saturation: int) -> None:
    """Migrate, load content, create the bench accounts (one password hash for all) and forget their attempts."""
    os.environ["DATABASE_URL"] = database_url
    from flask_migrate import upgrade
    from sqlalchemy import delete, select, text, update

    from accounts.models import Enrolment, User
    from accounts.operations import create_cohort, find_cohort
    from app import create_app
    from core.content import sync_all
    from core.extensions import db
    from quizzes.models import Attempt

    app = create_app({"SQLALCHEMY_DATABASE_URI": _normalise(database_url)})
    with app.app_context():
        upgrade()
        sync_all(echo=lambda line: print("  " + line, file=sys.stderr))
        db.session.execute(text("CREATE TABLE IF NOT EXISTS bench_ceiling (id INTEGER PRIMARY KEY "
                                + ("GENERATED ALWAYS AS IDENTITY" if db.engine.dialect.name == "postgresql" else "")
                                + ", created_at TIMESTAMP)"))
        cohort = find_cohort("Banc de charge") or create_cohort("Banc de charge")
        # Every bench account gets the application's real password hash (hashed once: same parameters and cost
        # at login as a real account's).
        probe = User(email="bench-probe@encours.test", name="probe", role="trainee")
        probe.set_password(PASSWORD)
        real_hash = probe.password_hash
        existing = set(db.session.scalars(select(User.email).where(User.email.like("bench-%"))))
        wanted = [EMAIL.format(kind="candidat", n=n) for n in range(candidates)]
        wanted += [EMAIL.format(kind="saturation", n=n) for n in range(saturation)]
        for email in wanted:
            if email not in existing:
                user = User(email=email, name=email.split("@")[0], role="trainee", password_hash=real_hash)
                db.session.add(user)
                db.session.flush()
                db.session.add(Enrolment(cohort_id=cohort.id, user_id=user.id))
        bench_users = select(User.id).where(User.email.like("bench-%"))
        db.session.execute(delete(Attempt).where(Attempt.user_id.in_(bench_users)))
        db.session.execute(update(User).where(User.email.like("bench-%")).values(password_hash=real_hash))
        db.session.commit()
        db.engine.dispose()


def _normalise(url: str) -> str:
    from core.config import database_url

    os.environ["DATABASE_URL"] = url
    return database_url(str(ROOT / "instance"))


class Gunicorn:
    def __init__(self, database_url: str, workers: int, port: int):
        self.base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "DATABASE_URL": database_url, "ENCOURS_ENV": "production", "COOKIE_SECURE": "0",
               "SECRET_KEY": os.environ.get("SECRET_KEY", "banc-de-charge-encours")}
        OUT.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "--workers", str(workers), "--bind",
             f"127.0.0.1:{port}", "--timeout", "60", "--backlog", "2048", "bench.exam_load:bench_app()"],
            cwd=ROOT, env=env, stdout=(OUT / "gunicorn.log").open("wb"), stderr=subprocess.STDOUT,
            start_new_session=True)
        for _ in range(150):
            try:
                if requests.get(self.base + "/login", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn n'a pas démarré : voir bench/out/gunicorn.log")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


# --- a light HTTP client (asyncio): the server, not the client, must be what is measured ---------------

@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Client:
    """One candidate's browser: a cookie jar and HTTP/1.1 requests, one connection per request (gunicorn's sync
    workers close them anyway)."""

    def __init__(self, base: str):
        host, port = base.removeprefix("http://").split(":")
        self.host, self.port = host, int(port)
        self.cookies: dict[str, str] = {}

    async def request(self, method: str, path: str, *, form: dict | None = None, payload=None,
                      headers: dict | None = None) -> Reply:
        body, extra = b"", dict(headers or {})
        if form is not None:
            body = urlencode(form).encode()
            extra["Content-Type"] = "application/x-www-form-urlencoded"
        elif payload is not None:
            body = json.dumps(payload).encode()
            extra["Content-Type"] = "application/json"
        if self.cookies:
            extra["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Connection: close",
                f"Content-Length: {len(body)}"] + [f"{k}: {v}" for k, v in extra.items()]
        reader, writer = await asyncio.open_connection(self.host, self.port, limit=2**22)
        try:
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
            data = await reader.read()
        finally:
            writer.close()
        header_blob, _, content = data.partition(b"\r\n\r\n")
        lines = header_blob.decode("latin-1").split("\r\n")
        reply_headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.lower() == "set-cookie":
                key, _, rest = value.strip().partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
            reply_headers[name.lower()] = value.strip()
        return Reply(int(lines[0].split()[1]), reply_headers, content)


@dataclass
class Recorder:
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    async def call(self, name: str, send, expected=(200,)) -> Reply | None:
        started = time.perf_counter()
        try:
            reply = await send()
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
            self.errors[name].append(type(exc).__name__)
            return None
        self.timings[name].append(time.perf_counter() - started)
        if reply.status not in expected:
            self.errors[name].append(f"HTTP {reply.status}")
            return None
        return reply


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


def csrf_from(html: str) -> str:
    return re.search(r'name="csrf[-_]token"[^>]*?(?:content|value)="([^"]+)"', html).group(1)


def questions_from_page(html: str) -> list[dict]:
    """The questions of the exam page, as its script reads them (the attempt's data embedded in the page)."""
    found = re.search(r'<script type="application/json" id="attempt-data">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))["questions"]


def random_answer(question: dict):
    ids = [c["id"] for c in question["choices"]]
    kind = question["type"]
    if kind == "single":
        return random.choice(ids)
    if kind == "multiple":
        return random.sample(ids, k=random.randint(1, len(ids)))
    if kind == "truefalse":
        return random.choice([True, False])
    if kind == "numeric":
        return f"{random.randint(0, 100000)},{random.randint(0, 99):02d}"
    return {left["id"]: random.choice(ids) for left in question["lefts"]}


@dataclass
class Candidate:
    email: str
    http: Client | None = None
    token: str = ""
    attempt_id: int | None = None
    questions: list[dict] = field(default_factory=list)
    acknowledged: dict[str, object] = field(default_factory=dict)


async def log_in(base: str, c: Candidate, rec: Recorder) -> None:
    c.http = Client(base)
    login = await c.http.request("GET", "/login")
    await rec.call("login (POST)", lambda: c.http.request("POST", "/login", form={
        "email": c.email, "password": PASSWORD, "csrf_token": csrf_from(login.text)}), expected=(302,))
    c.token = csrf_from((await c.http.request("GET", "/")).text)


async def start_attempt(c: Candidate, rec: Recorder) -> None:
    """What the browser does: POST the start form, follow the redirect to the exam page."""
    async def start_and_page():
        reply = await c.http.request("POST", f"/quizzes/{SLUG}/start", form={"csrf_token": c.token})
        location = reply.headers.get("location", "")
        if reply.status != 302 or "/attempts/" not in location:
            return reply
        c.attempt_id = int(location.rsplit("/", 1)[1])
        return await c.http.request("GET", location)

    page = await rec.call("start (POST + page)", start_and_page)
    c.questions = questions_from_page(page.text) if page is not None and c.attempt_id else []


async def save(c: Candidate, question: dict, rec: Recorder, name: str) -> None:
    answer = random_answer(question)
    body = {"question_id": question["id"], "answer": answer, "client_ts": int(time.time() * 1000)}
    reply = await rec.call(name, lambda: c.http.request("POST", f"/api/attempts/{c.attempt_id}/responses",
                                                        payload=body, headers={"X-CSRFToken": c.token}))
    if reply is not None and not reply.json().get("stale"):
        c.acknowledged[str(question["id"])] = answer


async def take_exam(c: Candidate, rec: Recorder, think: float, delay: float, answers: int | None) -> None:
    await asyncio.sleep(delay)
    await start_attempt(c, rec)
    for question in c.questions[:answers]:
        await asyncio.sleep(random.uniform(0.5 * think, 1.5 * think))
        await save(c, question, rec, "POST responses (autosave)")
    if c.questions:
        await rec.call("POST submit", lambda: c.http.request("POST", f"/api/attempts/{c.attempt_id}/submit",
                                                             headers={"X-CSRFToken": c.token}))


async def herd(count: int, action) -> list[float]:
    """`count` calls of `action()` released at the same instant; their latencies."""
    latencies: list[float] = []

    async def one():
        started = time.perf_counter()
        await action()
        latencies.append(time.perf_counter() - started)

    await asyncio.gather(*(one() for _ in range(count)))
    return latencies


async def saturate(seconds: float, clients: list, action) -> tuple[float, list[float]]:
    """Each client calls `action(client)` back to back for `seconds`; returns (requests/s, latencies)."""
    latencies: list[float] = []
    stop_at = time.perf_counter() + seconds

    async def run(client):
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            await action(client)
            latencies.append(time.perf_counter() - started)

    began = time.perf_counter()
    await asyncio.gather(*(run(client) for client in clients))
    return len(latencies) / (time.perf_counter() - began), latencies


# --- checking ----------------------------------------------------------------------------------------------

def lost_answers(database_url: str, candidates: list[Candidate]) -> tuple[int, int]:
    """(acknowledged answers, acknowledged answers missing or different in the database)."""
    os.environ["DATABASE_URL"] = database_url
    from sqlalchemy import select

    from app import create_app
    from core.extensions import db
    from quizzes.bank import question_versions
    from quizzes.models import Attempt, Response
    from quizzes.presentation import to_source

    app = create_app({"SQLALCHEMY_DATABASE_URI": _normalise(database_url)})
    checked = missing = 0
    with app.app_context():
        for c in candidates:
            if c.attempt_id is None:
                continue
            attempt = db.session.get(Attempt, c.attempt_id)
            stored = {str(r.question_id): r.answer for r in db.session.scalars(
                select(Response).where(Response.attempt_id == c.attempt_id))}
            entries = {str(item["q"]): item for item in attempt.draw}
            for question_id, answer in c.acknowledged.items():
                entry = entries[question_id]
                q = question_versions([(entry["q"], entry["v"])])[(entry["q"], entry["v"])]
                checked += 1
                missing += stored.get(question_id, "absent") != to_source(q, entry["order"], answer)
    return checked, missing


# --- main --------------------------------------------------------------------------------------------------

def main() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # one socket per candidate in flight
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=500)
    parser.add_argument("--think", type=float, default=5.0, help="mean think time between answers (s)")
    parser.add_argument("--answers", type=int, default=None,
                        help="answer only the first N questions, then submit (a shorter run at a slower pace)")
    parser.add_argument("--ramp", type=float, default=0.0,
                        help="spread the starts uniformly over this many seconds (0: all at the same instant)")
    parser.add_argument("--url", help="a running server (otherwise gunicorn is started like `make serve`)")
    parser.add_argument("--database-url", default=f"sqlite:///{OUT / 'exam_load.sqlite'}")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "4")))
    parser.add_argument("--saturation-clients", type=int, default=32)
    parser.add_argument("--saturation-seconds", type=float, default=10.0)
    parser.add_argument("--login-concurrency", type=int, default=8)
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    print(f"Préparation de la base ({args.database_url.split('@')[-1]})…", file=sys.stderr)
    prepare_database(args.database_url, args.candidates, args.saturation_clients)
    server = None if args.url else Gunicorn(args.database_url, args.workers, _free_port())
    base = args.url or server.base
    try:
        report = asyncio.run(run(base, args))
    finally:
        if server:
            server.stop()
    checked, missing = lost_answers(args.database_url, report.pop("_candidates"))
    report["lost_answers"] = {"acknowledged": checked, "missing_or_different": missing}
    print_report(report)
    name = "postgresql" if args.database_url.startswith("postgres") else "sqlite"
    (OUT / f"exam_load-{name}-{args.candidates}-ramp{args.ramp:.0f}-think{args.think:.0f}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))


async def run(base: str, args) -> dict:
    rec = Recorder()
    candidates = [Candidate(EMAIL.format(kind="candidat", n=n)) for n in range(args.candidates)]
    saturators = [Candidate(EMAIL.format(kind="saturation", n=n)) for n in range(args.saturation_clients)]
    print(f"Connexion de {len(candidates) + len(saturators)} comptes…", file=sys.stderr)
    gate = asyncio.Semaphore(args.login_concurrency)
    logins = Recorder()

    async def gated_login(c):
        async with gate:
            await log_in(base, c, logins)

    began = time.perf_counter()
    await asyncio.gather(*(gated_login(c) for c in candidates + saturators))
    login_lat = logins.timings["login (POST)"]
    login_report = {"count": len(login_lat), "errors": len(logins.errors["login (POST)"]),
                    "per_s": len(login_lat) / (time.perf_counter() - began), "concurrency": args.login_concurrency,
                    "p50_ms": percentile(login_lat, 0.50) * 1000, "p95_ms": percentile(login_lat, 0.95) * 1000}

    ceiling_rate, ceiling_lat, herd_lat = 0.0, [], []
    if (await Client(base).request("POST", "/bench/ceiling")).status == 200:
        print("Plafond : un INSERT nu, saturation…", file=sys.stderr)
        ceiling_rate, ceiling_lat = await saturate(args.saturation_seconds, [Client(base) for _ in saturators],
                                                   lambda http: http.request("POST", "/bench/ceiling"))
        print(f"Plafond : {len(candidates)} INSERT nus lâchés au même instant…", file=sys.stderr)
        herd_lat = await herd(len(candidates), lambda: Client(base).request("POST", "/bench/ceiling"))
    print("Enregistrement automatique, saturation…", file=sys.stderr)
    await asyncio.gather(*(start_attempt(c, Recorder()) for c in saturators))
    autosave_rate, autosave_lat = await saturate(args.saturation_seconds, saturators, lambda c: save(
        c, random.choice(c.questions), Recorder(), "saturation"))

    print(f"Examen : {len(candidates)} candidats démarrent (étalement {args.ramp:.0f} s)…", file=sys.stderr)
    cpu_before, began = time.process_time(), time.perf_counter()
    await asyncio.gather(*(take_exam(c, rec, args.think, random.uniform(0, args.ramp), args.answers)
                           for c in candidates))
    duration = time.perf_counter() - began
    total = sum(len(v) for v in rec.timings.values())
    calls = {name: {"count": len(values), "errors": len(rec.errors.get(name, [])),
                    "p50_ms": percentile(values, 0.50) * 1000, "p95_ms": percentile(values, 0.95) * 1000,
                    "p99_ms": percentile(values, 0.99) * 1000,
                    "error_kinds": sorted(set(rec.errors.get(name, [])))}
             for name, values in rec.timings.items()}
    return {
        "date": dt.date.today().isoformat(), "candidates": len(candidates), "think_s": args.think, "ramp_s": args.ramp,
        "answers": args.answers,
        "workers": args.workers, "duration_s": duration, "requests_per_s": total / duration, "calls": calls,
        "client_cpu_s": time.process_time() - cpu_before,
        "logins": login_report,
        "ceiling_herd": {"count": len(herd_lat), "p50_ms": percentile(herd_lat, 0.50) * 1000,
                         "p95_ms": percentile(herd_lat, 0.95) * 1000, "p99_ms": percentile(herd_lat, 0.99) * 1000},
        "ceiling": {"insert_per_s": ceiling_rate, "insert_p95_ms": percentile(ceiling_lat, 0.95) * 1000,
                    "autosave_per_s": autosave_rate, "autosave_p95_ms": percentile(autosave_lat, 0.95) * 1000,
                    "ratio": autosave_rate / ceiling_rate if ceiling_rate else None,
                    "clients": len(saturators)},
        "_candidates": candidates + saturators,
    }


def print_report(report: dict) -> None:
    print(f"\nExamen « {SLUG} » : {report['candidates']} candidats, départs étalés sur {report['ramp_s']:.0f} s, "
          f"réflexion {report['think_s']} s"
          + (f", {report['answers']} réponses chacun" if report.get("answers") else "")
          + f", {report['workers']} workers, {report['duration_s']:.0f} s, "
          f"{report['requests_per_s']:.0f} requêtes/s (client : {report['client_cpu_s']:.0f} s de CPU)")
    print(f"{'appel':32} {'nombre':>8} {'erreurs':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name, c in report["calls"].items():
        print(f"{name:32} {c['count']:8d} {c['errors']:8d} {c['p50_ms']:8.1f} {c['p95_ms']:8.1f} {c['p99_ms']:8.1f}"
              + (f"  {', '.join(c['error_kinds'])}" if c["error_kinds"] else ""))
    ceiling = report["ceiling"]
    print(f"Saturation ({ceiling['clients']} clients sans pause) : enregistrement {ceiling['autosave_per_s']:.0f}/s "
          f"(p95 {ceiling['autosave_p95_ms']:.1f} ms)" + (
              f" ; plafond INSERT nu {ceiling['insert_per_s']:.0f}/s (p95 {ceiling['insert_p95_ms']:.1f} ms) ; "
              f"rapport {ceiling['ratio']:.2f}" if ceiling["ratio"] else " ; plafond non mesuré (--url)"))
    herd_ = report["ceiling_herd"]
    if herd_["count"]:
        print(f"Plafond au même instant : {herd_['count']} INSERT nus, p50 {herd_['p50_ms']:.0f} ms, "
              f"p95 {herd_['p95_ms']:.0f} ms, p99 {herd_['p99_ms']:.0f} ms")
    logins = report["logins"]
    print(f"Connexions (argon2id réel, {logins['concurrency']} à la fois) : {logins['count']}, "
          f"{logins['per_s']:.0f}/s, p50 {logins['p50_ms']:.0f} ms, p95 {logins['p95_ms']:.0f} ms, "
          f"erreurs {logins['errors']}")
    lost = report["lost_answers"]
    print(f"Réponses acquittées : {lost['acknowledged']}, absentes ou différentes en base : {lost['missing_or_different']}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    main()
