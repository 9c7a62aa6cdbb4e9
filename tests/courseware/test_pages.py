"""Every page of the real course renders for a trainee (internal links: see test_content.py)."""

from __future__ import annotations

import pytest


def _course_pages(course) -> list[str]:
    pages = ["/modules", "/glossaire"]
    for module in course:
        pages.append(f"/modules/{module.slug}")
        pages.extend(f"/modules/{module.slug}/{lesson.slug}" for lesson in module.lessons)
        if module.fiche:
            pages.append(f"/modules/{module.slug}/fiche")
    return pages


def test_every_module_lesson_and_fiche_page_renders(client, auth, factory, course):
    auth.login(factory.user("trainee"))
    for url in _course_pages(course):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="fr">' in response.text
    for module in course:
        for lesson in module.lessons:
            page = client.get(f"/modules/{module.slug}/{lesson.slug}").text
            assert ">" + lesson.title.replace("'", "&#39;") + "</h1>" in page, lesson.path


def test_unknown_module_lesson_or_missing_fiche_is_404(client, auth, factory, course):
    auth.login(factory.user("trainee"))
    module = course[0]
    assert client.get("/modules/99-inconnu").status_code == 404
    assert client.get(f"/modules/{module.slug}/99-inconnue").status_code == 404
    assert "Cette leçon n&#39;existe pas" in client.get(f"/modules/{module.slug}/99-inconnue").text


def test_lesson_page_shows_objectives_reading_time_and_neighbours(client, auth, factory, course):
    module = next(m for m in course if len(m.lessons) >= 3)
    lesson = module.lessons[1]
    auth.login(factory.user("trainee"))
    html = client.get(f"/modules/{module.slug}/{lesson.slug}").text
    assert "Objectifs de la leçon" in html
    for objective in lesson.objectives:
        assert objective.replace("'", "&#39;").split(" ")[0] in html
    assert f"Lecture {lesson.reading_minutes}\u00a0min" in html
    assert f'rel="prev" href="/modules/{module.slug}/{module.lessons[0].slug}"' in html
    assert f'rel="next" href="/modules/{module.slug}/{module.lessons[2].slug}"' in html
    assert 'action="/modules/%s/%s/terminee"' % (module.slug, lesson.slug) in html


def test_module_page_lists_lessons_fiche_and_simulator_kinds(client, auth, factory, course):
    from courseware.source import SIMULATOR_KINDS

    module = next(m for m in course if m.simulator and m.fiche)
    auth.login(factory.user("trainee"))
    html = client.get(f"/modules/{module.slug}").text
    for lesson in module.lessons:
        assert f'href="/modules/{module.slug}/{lesson.slug}"' in html
    assert f'href="/modules/{module.slug}/fiche"' in html
    assert SIMULATOR_KINDS[module.simulator[0]] in html


def test_fiche_is_printable(client, auth, factory, course):
    module = next(m for m in course if m.fiche)
    auth.login(factory.user("trainee"))
    html = client.get(f"/modules/{module.slug}/fiche").text
    assert 'class="wrap fiche-page"' in html and "Imprimer" in html and "courseware.css" in html


@pytest.mark.parametrize("url", ["/modules", "/glossaire", "/recherche?q=dso"])
def test_course_pages_need_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_content_sync_command_loads_everything_and_a_second_run_changes_nothing(runner, app):
    first = runner.invoke(args=["content", "sync"])
    assert first.exit_code == 0, first.output
    assert "cours : 15 modules" in first.output
    second = runner.invoke(args=["content", "sync"])
    assert second.exit_code == 0, second.output
    assert "créations : 0, mises à jour : 0, suppressions : 0" in second.output
