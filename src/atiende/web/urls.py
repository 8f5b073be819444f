from django.urls import path

from atiende.web import views

app_name = "desk"
urlpatterns = [
    path("", views.ticket_list, name="list"),
]
