from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "innerchild.guide"
    label = "guide"
