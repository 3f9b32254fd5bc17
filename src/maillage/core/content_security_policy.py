"""The Content-Security-Policy header on every response.

Django 5.2 has no CSP of its own (Django 6.0 does); this middleware is the few lines we need.
It reads two settings once, at start-up:

- `CONTENT_SECURITY_POLICY`: the policy, either a mapping of directive → sources
  (`{"default-src": ["'self'"], "upgrade-insecure-requests": []}`) or the header's text.
- `CONTENT_SECURITY_POLICY_PATHS` (optional): a mapping of path prefix → directives that
  replace the default's for the paths under that prefix (`{"/admin/": {"style-src": [...]}}`),
  the longest prefix winning. It needs the mapping form of the policy.
- `CONTENT_SECURITY_POLICY_REPORT_ONLY` (optional, default False): send the policy as
  Content-Security-Policy-Report-Only, which the browser reports on (in its console) without
  enforcing.

A response that already carries a policy keeps it. Without the setting, the middleware
removes itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"
REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"

Directives = Mapping[str, Sequence[str] | str]


def policy_header(policy: Directives | str) -> str:
    """The header's text: `directive source source; directive …`, in the mapping's order."""
    if isinstance(policy, str):
        return policy.strip()
    parts = []
    for directive, sources in policy.items():
        values = [sources] if isinstance(sources, str) else list(sources)
        parts.append(" ".join([directive, *values]))
    return "; ".join(parts)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        if not policy:
            raise MiddlewareNotUsed
        self.default = policy_header(policy)
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", False)
        self.header = REPORT_ONLY_HEADER if report_only else HEADER
        paths = getattr(settings, "CONTENT_SECURITY_POLICY_PATHS", None) or {}
        if paths and isinstance(policy, str):
            raise ImproperlyConfigured(
                "CONTENT_SECURITY_POLICY_PATHS needs CONTENT_SECURITY_POLICY as a mapping of "
                "directive to sources, not a string."
            )
        # Longest prefix first, so "/admin/doc/" may differ from "/admin/".
        self.by_prefix = [
            (prefix, policy_header({**policy, **changes}))
            for prefix, changes in sorted(paths.items(), key=lambda item: -len(item[0]))
        ]

    def policy_for(self, path: str) -> str:
        for prefix, header in self.by_prefix:
            if path.startswith(prefix):
                return header
        return self.default

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response and REPORT_ONLY_HEADER not in response:
            response[self.header] = self.policy_for(request.path_info)
        return response
