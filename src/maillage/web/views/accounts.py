import math

from django.contrib.auth import views as auth_views
from django.utils import timezone

from maillage.accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    """The login page. Past the throttling limits (`accounts.throttling`), the form again
    with the message saying when to retry, answered 429 with `Retry-After`."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True
    authentication_form = LoginForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled_until is not None:
            response.status_code = 429
            seconds = (form.throttled_until - timezone.now()).total_seconds()
            response["Retry-After"] = str(max(1, math.ceil(seconds)))
        return response


class LogoutView(auth_views.LogoutView):
    next_page = "web:home"
