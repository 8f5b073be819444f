from django.urls import path

from atiende.web import attachments, sla_plan, views_desk_list, views_ticket

app_name = "desk"
urlpatterns = [
    path("", views_desk_list.desk_list, name="list"),
    path("queues/", views_desk_list.queue_counts, name="queue_counts"),
    path("bulk/", views_desk_list.bulk_action, name="bulk"),
    path("views/", views_desk_list.view_create, name="view_create"),
    path("views/<int:view_id>/rename/", views_desk_list.view_rename, name="view_rename"),
    path("views/<int:view_id>/delete/", views_desk_list.view_delete, name="view_delete"),
    path("tickets/<int:ticket_id>/", views_ticket.ticket_page, name="ticket"),
    path("tickets/<int:ticket_id>/reply/", views_ticket.reply, name="reply"),
    path("tickets/<int:ticket_id>/note/", views_ticket.note, name="note"),
    path("tickets/<int:ticket_id>/canned/", views_ticket.canned_insert, name="canned"),
    path("tickets/<int:ticket_id>/transition/", views_ticket.transition, name="transition"),
    path("tickets/<int:ticket_id>/assign/", views_ticket.assign, name="assign"),
    path("tickets/<int:ticket_id>/escalate/", views_ticket.escalate, name="escalate"),
    path("tickets/<int:ticket_id>/priority/", views_ticket.change_priority, name="priority"),
    path("tickets/<int:ticket_id>/problem/", views_ticket.link_problem, name="problem"),
    path("tickets/<int:ticket_id>/merge/", views_ticket.merge, name="merge"),
    path(
        "tickets/<int:ticket_id>/workaround/",
        views_ticket.record_resolution,
        {"what": "workaround"},
        name="workaround",
    ),
    path(
        "tickets/<int:ticket_id>/solution/",
        views_ticket.record_resolution,
        {"what": "solution"},
        name="solution",
    ),
    path("tickets/<int:ticket_id>/call/", views_ticket.phone_call, name="phone_call"),
    path("tickets/<int:ticket_id>/time/", views_ticket.time_entry, name="time_entry"),
    path(
        "tickets/<int:ticket_id>/sla/<slug:name>/",
        views_ticket.sla_explanation,
        name="sla_explanation",
    ),
    path("attachments/<int:attachment_id>/", attachments.desk_download, name="attachment"),
    path("sla/plan/", sla_plan.sla_plan_page, name="sla_plan"),
]
