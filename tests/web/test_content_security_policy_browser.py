"""The Content-Security-Policy in a browser: the browser tests see a violation (so their
`phone` fails on one), the admin works under its relaxed policy, and the API docs under the
default one, with Swagger UI from ninja's own static files."""

import re

import pytest
from playwright.sync_api import Error

from maillage.accounts.services import user_create
from tests.web.conftest import csp_watched_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Un-mot-de-passe-solide-42"


def test_the_browser_tests_see_a_violation(browser, live_server):
    context = csp_watched_context(browser)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/connexion/")
        with pytest.raises(Error, match="violates the following Content Security Policy"):
            page.add_script_tag(content="window.inlineScriptRan = true;")
        page.evaluate(
            "document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')"
        )
        page.evaluate("0")
        assert page.evaluate("window.inlineScriptRan") is None
        directives = {v.get("directive") for v in context.csp_violations}
        assert {"script-src-elem", "style-src-attr"} <= directives
        assert any(
            "Content Security Policy" in v.get("console", "") for v in context.csp_violations
        )
        assert page.evaluate("window.__cspViolations.length") >= 2
    finally:
        context.close()


def test_the_admin_and_the_api_docs_keep_to_their_policies(phone):
    page = phone
    admin = user_create(email="admin@example.org", password=PASSWORD, full_name="Alex",
                        roles=["admin"], check_password=False)  # fmt: skip
    page.goto(f"{page.base_url}/connexion/?next=/admin/")
    page.get_by_label("Adresse électronique").or_(page.get_by_label("Courriel")).first.fill(
        admin.email
    )
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("connecter|Connexion", re.I)).click()
    page.wait_for_url(re.compile(r"/admin/$"))
    # select2 (an autocomplete field) and the filtered multiple selects write style attributes.
    for path in ("/admin/directory/place/add/", f"/admin/accounts/user/{admin.pk}/change/"):
        response = page.goto(page.base_url + path)
        assert response.status == 200
        policy = response.headers["content-security-policy"]
        assert "style-src 'self' 'unsafe-inline'" in policy and "script-src 'self';" in policy
    response = page.goto(f"{page.base_url}/api/v1/docs")
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    assert "cdn" not in page.content()
    page.locator(".swagger-ui .info .title").wait_for()
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("Maillage API")
    page.locator(".opblock").first.wait_for()
    # Any violation on these pages fails the test when `phone` closes.
