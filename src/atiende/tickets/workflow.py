"""Workflow as data (T4): states with categories and the transitions allowed between them."""

from django.utils.translation import gettext as _

from atiende.core import configcache
from atiende.core.errors import ActionError
from atiende.tickets.models import State, Ticket, Transition, Trigger, Workflow

DEFAULT_WORKFLOW = "default"


# Workflows are configuration: read through atiende.core.configcache (cached per process
# until any process changes a workflow, state or transition). Cached rows are shared: never
# change them in place.


def default_workflow() -> Workflow:
    """The desk's built-in ``default`` workflow (of no pack)."""
    return configcache.get(
        "workflow.default",
        lambda: Workflow.objects.get(slug=DEFAULT_WORKFLOW, pack__isnull=True),
    )


def initial_state(workflow: Workflow) -> State:
    return configcache.get(
        f"workflow.{workflow.pk}.initial",
        lambda: State.objects.get(workflow=workflow, is_initial=True),
    )


def allowed_targets(ticket: Ticket, trigger: str = Trigger.MANUAL) -> list[State]:
    """States a ticket may move to from its current state by ``trigger``."""
    return list(
        configcache.get(
            f"workflow.{ticket.workflow_id}.targets.{ticket.state_id}.{trigger}",
            lambda: [
                transition.target
                for transition in Transition.objects.filter(
                    workflow_id=ticket.workflow_id, source_id=ticket.state_id, trigger=trigger
                )
                .select_related("target")
                .order_by("target__position")
            ],
        )
    )


def resolve_transition(ticket: Ticket, target_code: str) -> State:
    """The state ``target_code`` if a manual transition to it is allowed, else a clear error."""
    try:
        target = State.objects.get(workflow_id=ticket.workflow_id, code=target_code)
    except State.DoesNotExist:
        codes = ", ".join(
            State.objects.filter(workflow_id=ticket.workflow_id).values_list("code", flat=True)
        )
        raise ActionError(
            _("Unknown state “%(state)s”: use one of %(codes)s.")
            % {"state": target_code, "codes": codes},
            code="unknown_state",
            field="state",
        ) from None
    allowed = allowed_targets(ticket)
    if target not in allowed:
        names = ", ".join(state.code for state in allowed) or _("none")
        raise ActionError(
            _(
                "A ticket in state “%(source)s” cannot move to “%(target)s”. "
                "Allowed next states: %(allowed)s."
            )
            % {"source": ticket.state.code, "target": target.code, "allowed": names},
            code="illegal_transition",
            field="state",
        )
    return target


def automatic_target(ticket: Ticket, trigger: str) -> State | None:
    """The state an event such as a reply moves the ticket to, if the workflow says so."""

    def load() -> State | None:
        transition = (
            Transition.objects.filter(
                workflow_id=ticket.workflow_id, source_id=ticket.state_id, trigger=trigger
            )
            .select_related("target")
            .first()
        )
        return transition.target if transition else None

    return configcache.get(
        f"workflow.{ticket.workflow_id}.automatic.{ticket.state_id}.{trigger}", load
    )
