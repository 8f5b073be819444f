from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "atiende.accounts"
    label = "accounts"
