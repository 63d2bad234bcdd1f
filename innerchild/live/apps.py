from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "innerchild.live"
    label = "live"
    verbose_name = "Live sessions"

    def ready(self) -> None:
        from innerchild.live import hooks

        hooks.register()
