from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "innerchild.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from innerchild.audit import hooks

        hooks.register()
