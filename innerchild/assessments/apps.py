from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "innerchild.assessments"
    label = "assessments"
