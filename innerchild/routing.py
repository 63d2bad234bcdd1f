"""WebSocket routes. Live facilitated sessions (a later app, `care`) add theirs here."""

websocket_urlpatterns: list = []
