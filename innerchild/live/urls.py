from django.urls import path

from innerchild.live import views

app_name = "live"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("<uuid:booking_id>/", views.room, name="room"),
    path("<uuid:booking_id>/summary/", views.summary, name="summary"),
]
