"""/api/schema/ (OpenAPI 3), /api/docs/ (Swagger UI, served locally) and /api/v1/."""

from django.urls import include, path, re_path
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from atiende.api import (
    views,
    views_catalog,
    views_customers,
    views_sla,
    views_tickets,
    views_users,
)

v1 = [
    path("sla/plan", views_sla.SlaPlanView.as_view(), name="api-sla-plan"),
    path("tickets/", views_tickets.TicketListView.as_view(), name="api-ticket-list"),
    path("tickets/<int:id>/", views_tickets.TicketDetailView.as_view(), name="api-ticket-detail"),
    path(
        "tickets/<int:id>/reply/", views_tickets.TicketReplyView.as_view(), name="api-ticket-reply"
    ),
    path("tickets/<int:id>/note/", views_tickets.TicketNoteView.as_view(), name="api-ticket-note"),
    path(
        "tickets/<int:id>/transition/",
        views_tickets.TicketTransitionView.as_view(),
        name="api-ticket-transition",
    ),
    path(
        "tickets/<int:id>/assign/",
        views_tickets.TicketAssignView.as_view(),
        name="api-ticket-assign",
    ),
    path(
        "tickets/<int:id>/priority/",
        views_tickets.TicketPriorityView.as_view(),
        name="api-ticket-priority",
    ),
    path(
        "tickets/<int:id>/problem/",
        views_tickets.TicketLinkProblemView.as_view(),
        name="api-ticket-problem",
    ),
    path(
        "tickets/<int:id>/merge/", views_tickets.TicketMergeView.as_view(), name="api-ticket-merge"
    ),
    path(
        "tickets/<int:id>/workaround/",
        views_tickets.TicketWorkaroundView.as_view(),
        name="api-ticket-workaround",
    ),
    path(
        "tickets/<int:id>/solution/",
        views_tickets.TicketSolutionView.as_view(),
        name="api-ticket-solution",
    ),
    path(
        "tickets/<int:id>/attachments/",
        views_tickets.TicketAttachmentsView.as_view(),
        name="api-ticket-attachments",
    ),
    path(
        "tickets/<int:id>/sla/<slug:name>/explain/",
        views_tickets.TicketSlaExplainView.as_view(),
        name="api-ticket-sla-explain",
    ),
    path(
        "attachments/<int:id>/download/",
        views_tickets.AttachmentDownloadView.as_view(),
        name="api-attachment-download",
    ),
    path(
        "organisations/",
        views_customers.OrganisationListView.as_view(),
        name="api-organisation-list",
    ),
    path(
        "organisations/<int:id>/",
        views_customers.OrganisationDetailView.as_view(),
        name="api-organisation-detail",
    ),
    path("contacts/", views_customers.ContactListView.as_view(), name="api-contact-list"),
    path(
        "contacts/<int:id>/",
        views_customers.ContactDetailView.as_view(),
        name="api-contact-detail",
    ),
    path("services/", views_catalog.ServiceListView.as_view(), name="api-service-list"),
    path(
        "services/<int:id>/", views_catalog.ServiceDetailView.as_view(), name="api-service-detail"
    ),
    path("groups/", views_catalog.GroupListView.as_view(), name="api-group-list"),
    path("groups/<int:id>/", views_catalog.GroupDetailView.as_view(), name="api-group-detail"),
    path("users/", views_users.UserListView.as_view(), name="api-user-list"),
    path("users/<int:id>/", views_users.UserDetailView.as_view(), name="api-user-detail"),
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file (?script): the CSP allows no inline
    # script. The page sets the CSRF cookie, for "Try it out" with a signed-in session.
    path(
        "docs/",
        ensure_csrf_cookie(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="api-docs",
    ),
    path("v1/", include(v1)),
    re_path(r"^.*$", views.NotFoundView.as_view(), name="api-not-found"),
]
