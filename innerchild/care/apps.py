from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "innerchild.care"
    label = "care"
    verbose_name = "Facilitated practice"

    def ready(self) -> None:
        from innerchild.care import hooks

        hooks.register()
