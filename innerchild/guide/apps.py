from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class GuideConfig(AppConfig):
    name = "innerchild.guide"
    label = "guide"
    verbose_name = "Guided sessions"

    def ready(self) -> None:
        from innerchild.guide import hooks

        hooks.register()
        problems = hooks.script_problems()
        # Refuse to start rather than silently skip a broken script: a web server does not run
        # Django's system checks, so the check has to happen here.
        if problems:
            raise ImproperlyConfigured(
                "Session scripts have problems; fix them or move the files away:\n"
                + "\n".join(problems)
            )
