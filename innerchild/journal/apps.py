from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "innerchild.journal"
    label = "journal"
    verbose_name = "Journal"

    def ready(self) -> None:
        from innerchild.journal import hooks

        hooks.register()
