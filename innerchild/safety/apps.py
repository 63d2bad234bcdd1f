from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "innerchild.safety"
    label = "safety"
