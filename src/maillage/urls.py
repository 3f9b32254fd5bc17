from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from maillage.api.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("maillage.web.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

handler403 = "maillage.web.views.errors.permission_denied"
handler404 = "maillage.web.views.errors.page_not_found"
handler500 = "maillage.web.views.errors.server_error"
