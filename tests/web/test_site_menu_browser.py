"""The site's menu on a phone: folded behind a "Menu" button, opened and closed by a person,
open on a wide screen."""

import pytest

from tests.web.conftest import screenshot, serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_on_a_phone_the_menu_folds_behind_a_button(phone):
    page = phone
    page.goto(page.base_url + "/")
    button = page.get_by_role("button", name="Menu")
    programme = page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Programme"
    )
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert not programme.is_visible()
    button.click()
    assert button.get_attribute("aria-expanded") == "true" and programme.is_visible()
    assert page.evaluate("document.activeElement.textContent") == "Accueil"
    assert serious_accessibility_violations(page) == []
    screenshot(page, "site-menu-open-360")
    page.keyboard.press("Escape")
    assert not programme.is_visible()
    assert page.evaluate("document.activeElement.className") == "menu-toggle"
    button.click()
    programme.click()
    page.wait_for_url("**/programme/")


def test_on_a_wide_screen_the_menu_is_open_without_a_button(phone):
    page = phone
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(page.base_url + "/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert (
        page.get_by_role("navigation", name="Navigation principale")
        .get_by_role("link", name="Programme")
        .is_visible()
    )
