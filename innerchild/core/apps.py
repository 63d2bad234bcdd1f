from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "innerchild.core"
    label = "core"
    verbose_name = "innerchild core"
