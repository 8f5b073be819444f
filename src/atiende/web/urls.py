from django.urls import path

from atiende.web import attachments, sla_plan, views, views_desk_list

app_name = "desk"
urlpatterns = [
    path("", views_desk_list.desk_list, name="list"),
    path("queues/", views_desk_list.queue_counts, name="queue_counts"),
    path("bulk/", views_desk_list.bulk_action, name="bulk"),
    path("views/", views_desk_list.view_create, name="view_create"),
    path("views/<int:view_id>/rename/", views_desk_list.view_rename, name="view_rename"),
    path("views/<int:view_id>/delete/", views_desk_list.view_delete, name="view_delete"),
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
