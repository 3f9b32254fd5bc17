"""The project's URLs plus a bare view, the floor any Django endpoint costs on a server."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from maillage.urls import urlpatterns as project_urlpatterns


def bare_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse({})


urlpatterns = [path("bench/bare/", bare_json), *project_urlpatterns]
