from django.urls import path

from innerchild.safety import views

app_name = "safety"
urlpatterns = [
    path("pause/", views.pause, name="pause"),
    path("crisis/", views.crisis, name="crisis"),
    path("are-you-safe/", views.are_you_safe, name="are_you_safe"),
    path("plan/", views.plan, name="plan"),
    path("plan/edit/", views.plan_edit, name="plan_edit"),
    path("check-in/", views.checkins, name="checkins"),
    path("check-in/<int:checkin_id>/delete/", views.delete_checkin, name="delete_checkin"),
    path("readiness/", views.readiness, name="readiness"),
    path("watch/", views.watch_choice, name="watch_choice"),
]
