from django.urls import path

from atiende.portal import passwords, views, views_new, views_ticket
from atiende.web import attachments

app_name = "portal"
urlpatterns = [
    path("", views.ticket_list, name="list"),
    path("new/", views_new.new_ticket, name="new"),
    path("new/check/", views_new.new_ticket_check, name="new_check"),
    path("tickets/<int:ticket_id>/created/", views_new.ticket_created, name="created"),
    path("tickets/<int:ticket_id>/", views.ticket_page, name="ticket"),
    path("tickets/<int:ticket_id>/reply/", views.reply, name="reply"),
    path("tickets/<int:ticket_id>/escalate/", views_ticket.escalate, name="escalate"),
    path("tickets/<int:ticket_id>/confirm/", views_ticket.confirm_solved, name="confirm"),
    path(
        "tickets/<int:ticket_id>/still-failing/", views_ticket.still_failing, name="still_failing"
    ),
    path("tickets/<int:ticket_id>/survey/", views_ticket.survey, name="survey"),
    path("maintenance/", views_ticket.maintenance, name="maintenance"),
    path("password-reset/", passwords.password_reset, name="password_reset"),
    path("password-reset/sent/", passwords.password_reset_sent, name="password_reset_sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        passwords.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password-reset/done/", passwords.password_reset_done, name="password_reset_done"),
    path("attachments/<int:attachment_id>/", attachments.portal_download, name="attachment"),
]
