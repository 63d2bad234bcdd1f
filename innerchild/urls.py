from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("innerchild.core.urls")),
    path("accounts/", include("innerchild.accounts.urls")),
    path("safety/", include("innerchild.safety.urls")),
    path("assessments/", include("innerchild.assessments.urls")),
    path("journal/", include("innerchild.journal.urls")),
    path("guide/", include("innerchild.guide.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "innerchild.core.views.page_not_found"
handler500 = "innerchild.core.views.server_error"
