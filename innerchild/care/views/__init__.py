"""Care pages, one module per feature; each ends with its `urlpatterns`."""
