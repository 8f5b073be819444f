from django.urls import path

from atiende.web import attachments, sla_plan, views

app_name = "desk"
urlpatterns = [
    path("", views.ticket_list, name="list"),
    path("tickets/<int:ticket_id>/", views.ticket_page, name="ticket"),
    path("tickets/<int:ticket_id>/reply/", views.reply, name="reply"),
    path("tickets/<int:ticket_id>/note/", views.note, name="note"),
    path("tickets/<int:ticket_id>/transition/", views.transition, name="transition"),
    path("tickets/<int:ticket_id>/assign/", views.assign, name="assign"),
    path("tickets/<int:ticket_id>/priority/", views.change_priority, name="priority"),
    path(
        "tickets/<int:ticket_id>/workaround/",
        views.record_resolution,
        {"what": "workaround"},
        name="workaround",
    ),
    path(
        "tickets/<int:ticket_id>/solution/",
        views.record_resolution,
        {"what": "solution"},
        name="solution",
    ),
    path(
        "tickets/<int:ticket_id>/sla/<slug:name>/",
        views.sla_explanation,
        name="sla_explanation",
    ),
    path("attachments/<int:attachment_id>/", attachments.desk_download, name="attachment"),
    path("sla/plan/", sla_plan.sla_plan_page, name="sla_plan"),
]
