from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "atiende.catalog"
    label = "catalog"
