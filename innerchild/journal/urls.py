from django.urls import path

from innerchild.journal import views

app_name = "journal"
urlpatterns = [
    path("", views.index, name="index"),
]
