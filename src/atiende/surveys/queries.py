"""Which survey a ticket is asked (Q1): the pack's ``survey`` section, when it applies."""

from atiende.tickets.codes import StateCategory

ASKED_IN = {
    "resolved": (StateCategory.RESOLVED, StateCategory.CLOSED),
    "closed": (StateCategory.CLOSED,),
}


def survey_for(ticket) -> dict | None:
    """The pack's survey for ``ticket`` if it is to be answered now, else None.

    A pack without ``survey``, a ticket of a kind the survey does not name, or a ticket not
    yet resolved (``when: resolved``) or closed (``when: closed``) has none.
    """
    pack = ticket.pack if ticket.pack_id is not None else None
    spec = (pack.spec or {}).get("survey") if pack is not None else None
    if not spec or not spec.get("questions"):
        return None
    if spec.get("kinds") and ticket.kind not in spec["kinds"]:
        return None
    if ticket.state.category not in ASKED_IN.get(spec.get("when", "resolved"), ()):
        return None
    return spec
