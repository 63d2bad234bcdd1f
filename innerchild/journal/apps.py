from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "innerchild.journal"
    label = "journal"
