"""Priority from urgency × impact (T3).

The default scheme is WeKall's matrix from the requirements; process packs replace it with
their own (a list of priorities or another matrix).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from atiende.core.errors import ActionError


@dataclass(frozen=True)
class PriorityScheme:
    urgencies: tuple[str, ...]
    impacts: tuple[str, ...]
    priorities: tuple[str, ...]  # most urgent first
    matrix: dict[tuple[str, str], str]

    def compute(self, urgency: str, impact: str) -> str:
        self.check("urgency", urgency, self.urgencies)
        self.check("impact", impact, self.impacts)
        return self.matrix[(urgency, impact)]

    def check(self, field: str, value: str, allowed: tuple[str, ...]) -> None:
        if value not in allowed:
            raise ActionError(
                _("“%(value)s” is not a valid %(field)s: use one of %(allowed)s.")
                % {"value": value, "field": field, "allowed": ", ".join(allowed)},
                code=f"invalid_{field}",
                field=field,
            )

    def rank(self, priority: str) -> int:
        return self.priorities.index(priority) if priority in self.priorities else 99


DEFAULT_SCHEME = PriorityScheme(
    urgencies=("high", "medium", "low"),
    impacts=("organisation", "department", "individual"),
    priorities=("urgent", "high", "normal", "low"),
    matrix={
        ("high", "organisation"): "urgent",
        ("high", "department"): "high",
        ("high", "individual"): "normal",
        ("medium", "organisation"): "high",
        ("medium", "department"): "normal",
        ("medium", "individual"): "low",
        ("low", "organisation"): "normal",
        ("low", "department"): "low",
        ("low", "individual"): "low",
    },
)


def scheme_for(ticket_or_none=None) -> PriorityScheme:
    """The priority scheme in force (one per desk until process packs bring their own)."""
    return DEFAULT_SCHEME
