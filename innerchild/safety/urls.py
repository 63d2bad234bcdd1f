from django.urls import path

from innerchild.safety import views

app_name = "safety"
urlpatterns = [
    path("pause/", views.pause, name="pause"),
    path("crisis/", views.crisis, name="crisis"),
    path("plan/", views.plan, name="plan"),
]
