"""WebSocket routes of the apps that have them (served by `innerchild serve --asgi`)."""

from django.urls import path

from innerchild.live.consumers import RoomConsumer

websocket_urlpatterns: list = [
    path("ws/live/<uuid:booking_id>/", RoomConsumer.as_asgi()),
]
