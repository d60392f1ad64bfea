from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and forces"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import on_login

        # The idle timeout starts at sign-in (accounts.middleware).
        user_logged_in.connect(on_login, dispatch_uid="accounts.idle_timeout_on_login")
