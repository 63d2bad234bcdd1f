from innerchild.audit.views import urlpatterns as view_patterns

app_name = "audit"

urlpatterns = [*view_patterns]
