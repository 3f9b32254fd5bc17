"""The Content-Security-Policy header: on every response, the default policy or the one of the
longest matching path prefix, never replacing one a view set."""

import base64
import hashlib
import re

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings

from maillage.core.content_security_policy import ContentSecurityPolicyMiddleware, policy_header

POLICY = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "upgrade-insecure-requests": [],
}


def header_for(path: str, response: HttpResponse | None = None) -> str | None:
    middleware = ContentSecurityPolicyMiddleware(lambda request: response or HttpResponse("ok"))
    return middleware(RequestFactory().get(path)).get("Content-Security-Policy")


def test_the_header_text_of_a_mapping_keeps_its_order():
    assert (
        policy_header(POLICY)
        == "default-src 'self'; img-src 'self' data:; upgrade-insecure-requests"
    )
    assert policy_header({"object-src": "'none'"}) == "object-src 'none'"
    assert policy_header("  default-src 'none'  ") == "default-src 'none'"


@override_settings(
    CONTENT_SECURITY_POLICY=POLICY,
    CONTENT_SECURITY_POLICY_PATHS={
        "/admin/": {"style-src": ["'self'", "'unsafe-inline'"]},
        "/admin/doc/": {"img-src": ["*"]},
    },
)
def test_the_longest_matching_prefix_replaces_only_its_directives():
    assert header_for("/lieux/") == policy_header(POLICY)
    assert header_for("/admin/") == policy_header(
        {**POLICY, "style-src": ["'self'", "'unsafe-inline'"]}
    )
    assert header_for("/admin/doc/models/") == policy_header({**POLICY, "img-src": ["*"]})
    assert header_for("/administration/") == policy_header(POLICY)


@override_settings(CONTENT_SECURITY_POLICY=POLICY)
def test_a_policy_set_by_the_view_is_kept():
    own = HttpResponse("ok", headers={"Content-Security-Policy": "default-src 'none'"})
    assert header_for("/", own) == "default-src 'none'"


@override_settings(CONTENT_SECURITY_POLICY=POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY=True)
def test_report_only_sends_the_policy_under_the_other_header():
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("ok"))
    response = middleware(RequestFactory().get("/"))
    assert "Content-Security-Policy" not in response
    assert response["Content-Security-Policy-Report-Only"] == policy_header(POLICY)


@override_settings(CONTENT_SECURITY_POLICY=None)
def test_without_a_policy_the_middleware_steps_aside(client):
    assert "Content-Security-Policy" not in client.get("/api/v1/openapi.json")


@override_settings(
    CONTENT_SECURITY_POLICY="default-src 'self'", CONTENT_SECURITY_POLICY_PATHS={"/a/": {}}
)
def test_path_policies_need_the_mapping_form():
    with pytest.raises(ImproperlyConfigured, match="needs CONTENT_SECURITY_POLICY as a mapping"):
        ContentSecurityPolicyMiddleware(lambda request: HttpResponse())


@pytest.mark.django_db
def test_the_site_sends_its_policy(client):
    header = client.get("/").headers["Content-Security-Policy"]
    assert header == policy_header(settings.CONTENT_SECURITY_POLICY)
    directives = dict(part.split(" ", 1) for part in header.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header


def test_the_500_page_style_is_the_one_the_policy_allows():
    """The 500 page holds its style inline (the static files may be what failed); the policy
    allows exactly that text by its hash, so changing one without the other fails here."""
    html = render_to_string("pages/500.html")
    styles = re.findall(r"<style>(.*?)</style>", html, flags=re.S)
    assert styles
    for style in styles:
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in settings.CONTENT_SECURITY_POLICY["style-src"]
