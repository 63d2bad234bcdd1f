from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "innerchild.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from innerchild.accounts import hooks

        hooks.register()
