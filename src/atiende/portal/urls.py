from django.urls import path

from atiende.portal import views
from atiende.web import attachments

app_name = "portal"
urlpatterns = [
    path("", views.ticket_list, name="list"),
    path("new/", views.new_ticket, name="new"),
    path("tickets/<int:ticket_id>/", views.ticket_page, name="ticket"),
    path("tickets/<int:ticket_id>/reply/", views.reply, name="reply"),
    path("attachments/<int:attachment_id>/", attachments.portal_download, name="attachment"),
]
