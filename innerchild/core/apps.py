from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "innerchild.core"
    label = "core"
    verbose_name = "innerchild core"

    def ready(self) -> None:
        from innerchild.core.dashboard import connect_signals

        connect_signals()
