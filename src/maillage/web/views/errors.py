from django.http import HttpRequest, HttpResponse
from django.template import loader


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponse(loader.render_to_string("pages/404.html", request=request), status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    reason = str(exception) if exception and str(exception) else ""
    return HttpResponse(
        loader.render_to_string("pages/403.html", {"reason": reason}, request=request), status=403
    )


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: whatever broke may break again while rendering it.
    return HttpResponse(loader.render_to_string("pages/500.html"), status=500)
