from django.urls import path

from maillage.web.views import home, territory

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("communes/recherche/", territory.commune_search, name="commune-search"),
]
