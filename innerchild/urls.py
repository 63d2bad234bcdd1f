from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path

urlpatterns = [
    path("", include("innerchild.api.urls")),
    path("accounts/settings/api-tokens/", include("innerchild.api.views")),
    path("", include("innerchild.core.urls")),
    path("accounts/", include("innerchild.accounts.urls")),
    path("safety/", include("innerchild.safety.urls")),
    path("assessments/", include("innerchild.assessments.urls")),
    path("journal/", include("innerchild.journal.urls")),
    path("guide/", include("innerchild.guide.urls")),
    path("care/", include("innerchild.care.urls")),
    path("audit/", include("innerchild.audit.urls")),
    path("live/", include("innerchild.live.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH_ENDPOINTS:
    # A bare view through the same middleware, so benchmarks compare pages against Django itself.
    urlpatterns.append(path("_bench/bare/", lambda request: HttpResponse("ok")))

handler400 = "innerchild.core.views.bad_request"
handler404 = "innerchild.core.views.page_not_found"
handler500 = "innerchild.core.views.server_error"
