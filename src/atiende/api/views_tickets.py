"""Ticket endpoints: list, open, detail, and one endpoint per action of tickets/actions.py.

Every change goes through the action; the view finds the ticket for the user (404 when it
may not see it), checks the capability (403), validates the body (400) and renders.
"""

from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from atiende.accounts.roles import Perm
from atiende.api.pagination import QUERY_PARAMS, NextDueCursorPagination
from atiende.api.serializers_tickets import (
    AssignSerializer,
    AttachmentsAddedSerializer,
    AttachmentUploadSerializer,
    LinkProblemSerializer,
    MergeSerializer,
    MessagePostedSerializer,
    PrioritySerializer,
    ReplySerializer,
    ResolutionTextSerializer,
    SlaExplanationSerializer,
    TicketCreatedSerializer,
    TicketCreateSerializer,
    TicketDetailSerializer,
    TicketSerializer,
    TransitionSerializer,
)
from atiende.api.views import (
    ApiView,
    FirstRendererNegotiation,
    MultiPartApiView,
    check_query_params,
    error_responses,
    request_language,
)
from atiende.core.access import require
from atiende.core.sentinel import UNCHANGED
from atiende.sla.queries import SLA_FILTERS, clocks_visible_to, explain_clock
from atiende.tickets import actions
from atiende.tickets.access import (
    access_attachment_for,
    access_ticket_for,
    attachments_visible_to,
    messages_visible_to,
)
from atiende.tickets.attachments import is_inline_image
from atiende.tickets.codes import Channel
from atiende.tickets.queries import (
    FILTERS,
    ORDERINGS,
    check_list_filters,
    history_visible_to,
    opened_ticket_detail,
    ticket_detail,
    ticket_list,
)

TAGS = ["tickets"]
_FILTER_HELP = {
    "state": gettext_lazy(
        "open, a state category (new, open, pending, resolved, closed) or state codes, "
        "comma-separated"
    ),
    "kind": gettext_lazy("incident, request or problem, comma-separated"),
    "priority": gettext_lazy("priorities, comma-separated (e.g. urgent,high)"),
    "organisation": gettext_lazy("organisation ids or slugs, comma-separated"),
    "assignee": gettext_lazy("me, none, or user ids or user names, comma-separated"),
    "group": gettext_lazy("none, or support-group ids or slugs, comma-separated"),
    "service": gettext_lazy("service ids or codes, comma-separated"),
    "text": gettext_lazy("case number, or words in the subject or description"),
    "sla": gettext_lazy(
        "breached (a clock missed its due time) or at_risk (a running clock past its warning "
        "time); staff only"
    ),
}
_FILTER_ENUMS = {"sla": list(SLA_FILTERS)}
FILTER_PARAMETERS = [
    OpenApiParameter(name, str, description=_FILTER_HELP[name], enum=_FILTER_ENUMS.get(name))
    for name in FILTERS
]
ORDERING_PARAMETER = OpenApiParameter(
    "ordering",
    str,
    enum=list(ORDERINGS),
    description=gettext_lazy(
        "-id (newest first, the default) or next_due (earliest running SLA due time first, "
        "tickets without one last; staff only)"
    ),
)
LIST_PARAMS = (*FILTERS, "ordering", *QUERY_PARAMS)


def ticket_detail_data(view: ApiView, ticket) -> dict:
    """The detail of ``ticket`` as the requesting user may see it, in a constant number of
    queries (one each for the ticket, messages, attachments, history and SLA clocks)."""
    user = view.request.user
    ticket = ticket_detail(user, ticket)
    ticket.visible_messages = list(
        messages_visible_to(user, ticket).select_related("author", "author_contact")
    )
    ticket.visible_attachments = list(attachments_visible_to(user, ticket))
    ticket.visible_history = list(history_visible_to(user, ticket).select_related("actor"))
    ticket.sla_clocks = clocks_visible_to(user, ticket)
    return view.out(TicketDetailSerializer, ticket)


class TicketListView(MultiPartApiView):
    @extend_schema(
        tags=TAGS,
        operation_id="tickets_list",
        summary="List tickets",
        description=(
            "Tickets you may see, filtered, newest first or by the next SLA due time; cursor "
            "pagination."
        ),
        parameters=[*FILTER_PARAMETERS, ORDERING_PARAMETER],
        responses={200: TicketSerializer(many=True), **error_responses(400, 401)},
    )
    def get(self, request):
        check_query_params(request, LIST_PARAMS)
        check_list_filters(request.query_params)
        tickets = ticket_list(request.user, request.query_params)
        if (request.query_params.get("ordering") or "").strip() == "next_due":
            self.pagination_class = NextDueCursorPagination
        return self.paginated(TicketSerializer, tickets)

    @extend_schema(
        tags=TAGS,
        operation_id="tickets_create",
        summary="Open a ticket",
        description=(
            "Customers open tickets for their own organisation (requester: themselves, or for "
            "a customer administrator any contact of it). Staff give organisation and "
            "requester. Files go as multipart/form-data parts named attachments."
        ),
        request=TicketCreateSerializer,
        responses={201: TicketCreatedSerializer, **error_responses(400, 413, 415, 401)},
    )
    def post(self, request):
        data = self.parse(TicketCreateSerializer)
        ticket = actions.open_ticket(
            actor=request.user,
            channel=data.pop("channel", Channel.API),
            attachments=data.pop("attachments", []),
            **data,
        )
        # Built from what open_ticket wrote: reading it back would cost a query with ten joins.
        ticket = opened_ticket_detail(request.user, ticket)
        ticket.sla_clocks = clocks_visible_to(request.user, ticket)
        body = self.out(TicketCreatedSerializer, ticket)
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})


class TicketDetailView(ApiView):
    @extend_schema(
        tags=TAGS,
        operation_id="tickets_retrieve",
        summary="A ticket with its messages, attachments and history",
        responses={200: TicketDetailSerializer, **error_responses(401, 404)},
    )
    def get(self, request, id):
        """Anyone who may see the ticket: staff, its requester or creator, and the administrators
        of its organisation. Customers do not see internal notes, their files, problem links or
        service-level events.
        """
        return Response(ticket_detail_data(self, access_ticket_for(request.user, id)))


class TicketSlaExplainView(ApiView):
    @extend_schema(
        tags=TAGS,
        operation_id="tickets_sla_explain",
        summary="Why an SLA clock's due time is what it is (S12)",
        parameters=[
            OpenApiParameter(
                "name",
                str,
                OpenApiParameter.PATH,
                description=gettext_lazy("The target, e.g. first_response or resolution."),
            )
        ],
        responses={200: SlaExplanationSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request, id, name):
        """Staff only (403 for a customer who can see the ticket, 404 for one who cannot). The
        clock (its latest cycle) and the counted and skipped stretches from its start to its due
        time: business hours, nights, weekends, holidays and pauses, each with a text in the
        request's language.
        """
        ticket = access_ticket_for(request.user, id, work=True)
        clock = next((c for c in clocks_visible_to(request.user, ticket) if c.name == name), None)
        if clock is None:
            raise NotFound(
                _("This ticket has no SLA target %(name)s.") % {"name": name},
                code="unknown_target",
            )
        steps = explain_clock(ticket, name, language=request_language())
        context = {**self.get_serializer_context(), "ticket": ticket}
        body = SlaExplanationSerializer({"clock": clock, "steps": steps}, context=context).data
        return Response(body)


class TicketActionView(ApiView):
    """POST runs one action on the ticket.

    ``staff_only``: customers get 403 for a ticket they can see (404 for one they cannot).
    An optional ``version`` in the body is passed to the action as ``expected_version``
    (409 when the ticket changed meanwhile).
    """

    input_serializer: type
    staff_only = True
    perm: Perm | None = None
    created = False

    def post(self, request, id):
        ticket = access_ticket_for(request.user, id, work=self.staff_only)
        if self.perm is not None:
            require(request.user, self.perm)
        data = self.parse(self.input_serializer)
        version = data.pop("version", None)
        result = self.act(ticket, data, version)
        return Response(
            self.render(result),
            status=status.HTTP_201_CREATED if self.created else status.HTTP_200_OK,
        )

    def act(self, ticket, data: dict, version: int | None):
        raise NotImplementedError

    def render(self, result) -> dict:
        return ticket_detail_data(self, result)

    def common(self) -> dict:
        return {"actor": self.request.user, "channel": Channel.API}


def _action_schema(operation_id: str, summary: str, request, response, *, created=False, **kw):
    ok = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return extend_schema(
        tags=TAGS,
        operation_id=operation_id,
        summary=summary,
        request=request,
        responses={ok: response, **error_responses(400, 401, 403, 404, 409, 413, 415)},
        **kw,
    )


class _MessageAction(TicketActionView):
    parser_classes = MultiPartApiView.parser_classes
    input_serializer = ReplySerializer
    created = True

    def render(self, message) -> dict:
        ticket = ticket_detail(self.request.user, message.ticket)
        return self.out(MessagePostedSerializer, {"message": message, "ticket": ticket})


class TicketReplyView(_MessageAction):
    staff_only = False

    @_action_schema(
        "tickets_reply",
        "Add a public reply (customers and staff)",
        ReplySerializer,
        MessagePostedSerializer,
        created=True,
    )
    def post(self, request, id):
        """Staff and customers who can see the ticket. An agent's first reply is the first response
        (S9); a reply may move the ticket as the workflow says.
        """
        return super().post(request, id)

    def act(self, ticket, data, version):
        return actions.reply(ticket, expected_version=version, **self.common(), **data)


class TicketNoteView(_MessageAction):
    @_action_schema(
        "tickets_note",
        "Add an internal note (staff; never shown to customers)",
        ReplySerializer,
        MessagePostedSerializer,
        created=True,
    )
    def post(self, request, id):
        """Staff only: 403 for a customer who can see the ticket, 404 for one who cannot."""
        return super().post(request, id)

    def act(self, ticket, data, version):
        return actions.add_note(ticket, expected_version=version, **self.common(), **data)


class TicketTransitionView(TicketActionView):
    input_serializer = TransitionSerializer

    @_action_schema(
        "tickets_transition",
        "Move the ticket to another state of its workflow (T4)",
        TransitionSerializer,
        TicketDetailSerializer,
    )
    def post(self, request, id):
        """Staff only. An illegal move is a 400 that names the allowed next states."""
        return super().post(request, id)

    def act(self, ticket, data, version):
        return actions.transition(ticket, expected_version=version, **self.common(), **data)


class TicketAssignView(TicketActionView):
    input_serializer = AssignSerializer

    @_action_schema(
        "tickets_assign",
        "Assign to an agent and/or a support group (null clears)",
        AssignSerializer,
        TicketDetailSerializer,
    )
    def post(self, request, id):
        """Staff only. A field left out is kept; null clears it."""
        return super().post(request, id)

    def act(self, ticket, data, version):
        return actions.assign(
            ticket,
            assignee=data.get("assignee", UNCHANGED),
            group=data.get("group", UNCHANGED),
            expected_version=version,
            **self.common(),
        )


class TicketPriorityView(TicketActionView):
    input_serializer = PrioritySerializer

    @_action_schema(
        "tickets_priority",
        "Change urgency and impact, or the priority (T3)",
        PrioritySerializer,
        TicketDetailSerializer,
    )
    def post(self, request, id):
        """Staff only. Urgency and impact give the priority from the matrix; or send the priority
        alone.
        """
        return super().post(request, id)

    def act(self, ticket, data, version):
        return actions.change_priority(
            ticket,
            urgency=data.get("urgency", UNCHANGED),
            impact=data.get("impact", UNCHANGED),
            priority=data.get("priority", UNCHANGED),
            expected_version=version,
            **self.common(),
        )


class TicketLinkProblemView(TicketActionView):
    input_serializer = LinkProblemSerializer

    @_action_schema(
        "tickets_link_problem",
        "Link the ticket to the problem behind it (T7)",
        LinkProblemSerializer,
        TicketDetailSerializer,
    )
    def post(self, request, id):
        """Staff only. The problem is given by id or case number."""
        return super().post(request, id)

    def act(self, ticket, data, version):
        return actions.link_problem(
            ticket, problem=data["problem"], expected_version=version, **self.common()
        )


class TicketMergeView(TicketActionView):
    input_serializer = MergeSerializer
    perm = Perm.MERGE_TICKETS

    @_action_schema(
        "tickets_merge",
        "Merge this ticket into another of the same organisation",
        MergeSerializer,
        TicketDetailSerializer,
    )
    def post(self, request, id):
        """Staff with the merge permission (level 2 and up). This ticket closes; the answer is the
        ticket it was merged into.
        """
        return super().post(request, id)

    def act(self, ticket, data, version):
        return actions.merge(ticket, into=data["into"], expected_version=version, **self.common())


class TicketWorkaroundView(TicketActionView):
    input_serializer = ResolutionTextSerializer

    @_action_schema(
        "tickets_workaround",
        "Record a workaround: service restored (T5)",
        ResolutionTextSerializer,
        TicketDetailSerializer,
    )
    def post(self, request, id):
        """Staff only. Records when and how service was restored."""
        return super().post(request, id)

    def act(self, ticket, data, version):
        return actions.record_workaround(
            ticket, text=data["text"], expected_version=version, **self.common()
        )


class TicketSolutionView(TicketActionView):
    input_serializer = ResolutionTextSerializer

    @_action_schema(
        "tickets_solution",
        "Record the definitive solution: root cause fixed (T5)",
        ResolutionTextSerializer,
        TicketDetailSerializer,
    )
    def post(self, request, id):
        """Staff only. Records when and how the root cause was fixed."""
        return super().post(request, id)

    def act(self, ticket, data, version):
        return actions.record_solution(
            ticket, text=data["text"], expected_version=version, **self.common()
        )


class TicketAttachmentsView(TicketActionView):
    parser_classes = MultiPartApiView.parser_classes
    input_serializer = AttachmentUploadSerializer
    staff_only = False
    created = True

    @_action_schema(
        "tickets_attachments_create",
        "Attach files to the ticket (multipart/form-data, parts named attachments)",
        AttachmentUploadSerializer,
        AttachmentsAddedSerializer,
        created=True,
    )
    def post(self, request, id):
        """Staff and customers who can see the ticket; not on a closed or merged ticket."""
        return super().post(request, id)

    def act(self, ticket, data, version):
        attachments = actions.add_attachments(
            ticket, attachments=data["attachments"], expected_version=version, **self.common()
        )
        return ticket, attachments

    def render(self, result) -> dict:
        ticket, attachments = result
        ticket = ticket_detail(self.request.user, ticket)
        return self.out(AttachmentsAddedSerializer, {"attachments": attachments, "ticket": ticket})


class AttachmentDownloadView(ApiView):
    content_negotiation_class = FirstRendererNegotiation

    @extend_schema(
        tags=["attachments"],
        operation_id="attachments_download",
        summary="Download an attachment",
        description=(
            "Served as a download (Content-Disposition: attachment) unless it is an image a "
            "browser may show inline; always with X-Content-Type-Options: nosniff."
        ),
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            **error_responses(401, 404),
        },
    )
    def get(self, request, id):
        attachment = access_attachment_for(request.user, id)
        inline = is_inline_image(attachment.content_type)
        content_type = attachment.content_type
        if content_type == "text/plain":
            content_type = "text/plain; charset=utf-8"
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=not inline,
            filename=attachment.filename,
            content_type=content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response
