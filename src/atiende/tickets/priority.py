"""Priority from urgency × impact (T3).

The matrix is data: :class:`atiende.sla.models.PriorityMatrix`. Each process pack has its own
(a list of priorities with an optional default, or an urgency × impact matrix); tickets without
a pack use the one marked default, which a data migration creates from WeKall's matrix in the
requirements. ``DEFAULT_SCHEME`` is used only when no matrix is marked default.
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
    default: str = ""  # the priority of a ticket that gives none (empty: none)

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
        default=matrix.default_priority,
    )


def scheme_for(ticket_or_pack=None) -> PriorityScheme:
    """The priority scheme of a ticket's pack (or of a pack): the pack's list or matrix; for a
    ticket without pack, the desk's default matrix. Cached per process and pack until the
    configuration changes (atiende.core.configcache)."""
    if ticket_or_pack is not None and hasattr(ticket_or_pack, "pack_id"):
        pack_id = ticket_or_pack.pack_id  # a ticket
    else:
        pack_id = getattr(ticket_or_pack, "pk", None)  # a pack, or None
    return configcache.get(f"priority.scheme.{pack_id}", lambda: _load_scheme(pack_id))


def _load_scheme(pack_id: int | None) -> PriorityScheme:
    from atiende.sla.models import PriorityMatrix

    if pack_id is not None:
        matrix = PriorityMatrix.objects.filter(pack_id=pack_id).first()
        if matrix is not None:
            return scheme_from_matrix(matrix)
    matrix = PriorityMatrix.objects.filter(is_default=True, pack__isnull=True).first()
    return scheme_from_matrix(matrix) if matrix is not None else DEFAULT_SCHEME


def desk_scheme() -> PriorityScheme:
    """Every priority in use on the desk, for filters over tickets of several packs: the
    default matrix's first, then each pack's (by pack name), each name once. Cached per
    process until the configuration changes."""
    return configcache.get("priority.desk", _load_desk_scheme)


def _load_desk_scheme() -> PriorityScheme:
    from django.db.models import Q

    from atiende.sla.models import PriorityMatrix

    rows = list(  # one query
        PriorityMatrix.objects.filter(Q(pack__isnull=False) | Q(is_default=True))
        .select_related("pack")
        .order_by("pack__name")
    )
    default = [scheme_from_matrix(m) for m in rows if m.pack_id is None] or [DEFAULT_SCHEME]
    schemes = default + [scheme_from_matrix(m) for m in rows if m.pack_id is not None]

    def union(attribute: str) -> tuple[str, ...]:
        names: dict[str, None] = {}
        for scheme in schemes:
            names.update(dict.fromkeys(getattr(scheme, attribute)))
        return tuple(names)

    return PriorityScheme(
        urgencies=union("urgencies"),
        impacts=union("impacts"),
        priorities=union("priorities"),
        matrix={},
    )
