from django.urls import path

from innerchild.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("about/", views.about, name="about"),
    path("favicon.ico", views.favicon, name="favicon"),
]
