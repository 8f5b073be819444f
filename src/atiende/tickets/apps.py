from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "atiende.tickets"
    label = "tickets"
