from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "innerchild.assessments"
    label = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        from innerchild.assessments import hooks

        hooks.register()
