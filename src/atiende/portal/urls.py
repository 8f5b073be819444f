from django.urls import path

from atiende.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.ticket_list, name="list"),
]
