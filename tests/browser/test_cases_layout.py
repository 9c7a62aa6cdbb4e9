"""Case pages in Chromium at a phone's width and a desktop's: the save/submit bar never hides a field of the form
(sticky at desktop sizes only), and without JavaScript each reply of the phone call brings the page back at the
call rather than at its top.

Screenshots go to /tmp/screens/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import open_new_case

pytestmark = pytest.mark.browser

SCREENS = Path("/tmp/screens")
PHONE, DESKTOP = {"width": 320, "height": 640}, {"width": 1280, "height": 800}

# Each visible field of the form scrolled to the bottom edge of the screen, as Tab or a scroll brings it: the
# names of those the bar then covers.
FIELDS_UNDER_THE_BAR = """() => {
  const bar = document.querySelector('.case-actions');
  const fields = [...document.querySelectorAll('#case-form input:not([type=hidden]), #case-form select, #case-form textarea')]
    .filter(field => field.offsetParent !== null && !bar.contains(field));
  return fields.filter(field => {
    field.scrollIntoView({block: 'end'});
    const box = field.getBoundingClientRect(), covers = bar.getBoundingClientRect();
    return box.bottom > covers.top + 1 && box.top < covers.bottom - 1;
  }).map(field => field.name);
}"""


@pytest.mark.parametrize("kind", ["phone-call", "financial-analysis"])
def test_the_save_bar_never_hides_a_field_and_stays_in_view_on_a_desktop(live_server, browser, kind):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page = open_new_case(live_server, browser, kind, PHONE)
    bar = page.locator(".case-actions")
    assert page.evaluate(FIELDS_UNDER_THE_BAR) == []
    last = page.locator("#case-form").get_by_role("textbox").last if kind == "financial-analysis" else \
        page.locator(".call-replies input[type=radio]").last
    last.scroll_into_view_if_needed()
    assert last.bounding_box()["y"] + last.bounding_box()["height"] <= bar.bounding_box()["y"]
    page.screenshot(path=str(SCREENS / f"case-{kind}-last-field-320.png"))
    assert page.evaluate("document.documentElement.scrollWidth <= 320")

    page.set_viewport_size(DESKTOP)
    page.evaluate("document.getElementById('case-form').scrollIntoView()")
    box = bar.bounding_box()  # sticky: at the bottom of the screen while the form goes on below
    assert box["y"] + box["height"] == pytest.approx(DESKTOP["height"], abs=1)
    assert page.evaluate(FIELDS_UNDER_THE_BAR) == []
    page.screenshot(path=str(SCREENS / f"case-{kind}-last-field-1280.png"))


def test_without_javascript_each_reply_comes_back_at_the_call(live_server, browser):
    page = open_new_case(live_server, browser, "phone-call", PHONE, javascript=False)
    for _turn in range(40):  # a call has a dozen replies or so; the first one offered is always a reply
        choices = page.locator(".call-replies input[type=radio]")
        if choices.count() == 0:
            break
        choices.first.check()
        page.get_by_role("button", name="Répondre").click()
        page.wait_for_url("**#appel")
        landing = page.locator("#appel").bounding_box()
        assert -1 <= landing["y"] < PHONE["height"] / 2  # the line to answer heads the screen
        assert page.evaluate("window.scrollY") > 0
    assert page.locator('[data-call-step] input[type=radio]').count() == 0
    assert "Appel terminé" in page.locator("#appel").inner_text()
    page.screenshot(path=str(SCREENS / "case-phone-call-no-js-end-320.png"))
