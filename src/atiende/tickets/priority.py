"""Priority from urgency × impact (T3).

The matrix is data: :class:`atiende.sla.models.PriorityMatrix`, the one marked default. A data
migration creates WeKall's matrix from the requirements as that default; process packs replace
it with their own (a list of priorities or another matrix). ``DEFAULT_SCHEME`` is used only when
no matrix is marked default.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from atiende.core import configcache
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


def scheme_from_matrix(matrix) -> PriorityScheme:
    """The scheme of a :class:`atiende.sla.models.PriorityMatrix` row."""
    return PriorityScheme(
        urgencies=tuple(matrix.urgencies),
        impacts=tuple(matrix.impacts),
        priorities=tuple(matrix.priorities),
        matrix={
            (urgency, impact): priority
            for urgency, row in matrix.matrix.items()
            for impact, priority in row.items()
        },
    )


def scheme_for(ticket_or_none=None) -> PriorityScheme:
    """The priority scheme in force: the default matrix in the database (one per desk),
    cached per process until the configuration changes (atiende.core.configcache)."""
    return configcache.get("priority.scheme", _load_scheme)


def _load_scheme() -> PriorityScheme:
    from atiende.sla.models import PriorityMatrix

    matrix = PriorityMatrix.objects.filter(is_default=True).first()
    return scheme_from_matrix(matrix) if matrix is not None else DEFAULT_SCHEME
