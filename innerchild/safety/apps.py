from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "innerchild.safety"
    label = "safety"
    verbose_name = "Safety"

    def ready(self) -> None:
        from innerchild.safety import hooks

        hooks.register()
