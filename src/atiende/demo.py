"""Demo data for trying Atiende: organisations, users of every role, services, support groups
and a dozen tickets with replies and notes, all in Spanish, all made through the real actions.

Everything is looked up before it is made (organisations and groups by slug, services by code,
users by user name, contacts by e-mail, tickets by organisation and subject), so loading twice
adds nothing. The people are roles ("Supervisor TSC") with example.com addresses.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from atiende import clock
from atiende.accounts.actions import create_user
from atiende.accounts.models import SupportGroup, Tier, User
from atiende.accounts.roles import Role
from atiende.catalog.actions import create_group, create_service
from atiende.catalog.models import Service
from atiende.core.errors import ActionError
from atiende.customers.actions import create_contact, create_organisation
from atiende.customers.models import Contact, Organisation
from atiende.tickets import actions
from atiende.tickets.codes import Channel, Kind
from atiende.tickets.models import Ticket

# One password for every demo login, printed by `atiende demo` (never use demo data in
# production: the command refuses there).
DEMO_PASSWORD = "Soporte-Demo-7x24"  # noqa: S105 - published on purpose

ORGANISATIONS = [
    # slug, name, plan, time zone
    ("andina-telecom", "Telecomunicaciones Andinas S.A.S.", "VIP", "America/Bogota"),
    ("redes-pacifico", "Redes del Pacífico", "Convencional", "America/Guayaquil"),
    ("comercial-caribe", "Comercializadora del Caribe", "Convencional", "America/Caracas"),
]

CONTACTS = [
    # organisation, name, e-mail, phone, notification lists
    ("andina-telecom", "Jefe de TI", "jefe.ti@andina.example.com", "+57 601 555 0100",
     ["technical"]),
    ("andina-telecom", "Coordinador NOC", "noc@andina.example.com", "+57 601 555 0101",
     ["technical"]),
    ("andina-telecom", "Analista de facturación", "facturacion@andina.example.com", "",
     ["billing"]),
    ("redes-pacifico", "Gerente de operaciones", "operaciones@pacifico.example.com",
     "+593 2 555 0200", ["technical"]),
    ("redes-pacifico", "Ingeniero de red", "red@pacifico.example.com", "+593 2 555 0201",
     ["technical"]),
    ("comercial-caribe", "Encargado de sistemas", "sistemas@caribe.example.com",
     "+58 212 555 0300", ["technical", "billing"]),
]  # fmt: skip

USERS = [
    # user name, role, organisation, display name, e-mail
    ("demo-agente", Role.AGENT, None, "Agente nivel 1", "agente@mesa.example.com"),
    ("demo-especialista", Role.AGENT_L2, None, "Especialista nivel 2",
     "especialista@mesa.example.com"),
    ("demo-supervisor", Role.SUPERVISOR, None, "Supervisor TSC", "supervisor@mesa.example.com"),
    ("demo-gerente", Role.MANAGER, None, "Gerente de soporte", "gerente@mesa.example.com"),
    ("demo-admin", Role.ADMIN, None, "Administrador de la mesa", "admin@mesa.example.com"),
    ("demo-cliente", Role.CUSTOMER, "andina-telecom", "Jefe de TI", "jefe.ti@andina.example.com"),
    ("demo-cliente-admin", Role.CUSTOMER_ADMIN, "andina-telecom", "Coordinador NOC",
     "noc@andina.example.com"),
    ("demo-cliente-pacifico", Role.CUSTOMER, "redes-pacifico", "Gerente de operaciones",
     "operaciones@pacifico.example.com"),
]  # fmt: skip

SERVICES = [
    # code, name, description, subscribed organisations
    ("troncal-sip", "Troncal SIP", "Troncales de voz sobre IP con numeración local.",
     ["andina-telecom", "comercial-caribe"]),
    ("sms-masivo", "Mensajería SMS masiva", "Envío de SMS por API y plataforma web.",
     ["andina-telecom", "redes-pacifico"]),
    ("internet-dedicado", "Internet dedicado", "Acceso a internet con caudal garantizado.",
     ["redes-pacifico", "comercial-caribe"]),
    ("pbx-nube", "PBX en la nube", "Central telefónica virtual y contact center.",
     ["andina-telecom"]),
]  # fmt: skip

GROUPS = [
    # slug, name, tier, members
    ("nivel-1", "Mesa de ayuda nivel 1", Tier.LEVEL1, ["demo-agente", "demo-supervisor"]),
    ("nivel-2", "Soporte especializado nivel 2", Tier.LEVEL2, ["demo-especialista"]),
    ("noc", "Centro de operaciones de red (NOC)", Tier.SPECIALISED, ["demo-especialista"]),
    ("centro-instalacion", "Centro de instalación autorizado", Tier.EXTERNAL, []),
]


@dataclass(frozen=True)
class Step:
    """Something that happens to a demo ticket after it opens, ``hours`` after opening."""

    action: str  # reply | note | assign | transition | workaround | solution | problem
    actor: str  # user name
    hours: float
    text: str = ""
    target: str = ""  # state code, group slug, or subject of the problem to link


@dataclass(frozen=True)
class DemoTicket:
    organisation: str
    requester: str  # contact e-mail
    subject: str
    description: str
    channel: str
    kind: str = Kind.INCIDENT
    urgency: str = ""
    impact: str = ""
    priority: str = ""
    service: str = ""
    opened_hours_ago: float = 1
    steps: tuple[Step, ...] = ()


PROBLEM_SUBJECT = "Cortes recurrentes de llamadas en troncales SIP a los 30 segundos"

TICKETS = [
    DemoTicket(
        "andina-telecom", "noc@andina.example.com", PROBLEM_SUBJECT,
        "Tres incidentes en dos semanas con el mismo síntoma: las llamadas salientes se "
        "cortan a los 30 segundos. Se sospecha del temporizador de sesión del SBC.",
        Channel.WEB, kind=Kind.PROBLEM, priority="high", service="troncal-sip",
        opened_hours_ago=200,
        steps=(
            Step("assign", "demo-supervisor", 1, target="nivel-2"),
            Step("note", "demo-especialista", 20,
                 "Capturas SIP confirman que el re-INVITE de refresco no recibe respuesta."),
        ),
    ),
    DemoTicket(
        "andina-telecom", "jefe.ti@andina.example.com",
        "Caída total de la troncal SIP principal",
        "Desde las 08:10 ninguna llamada entrante ni saliente se completa por la troncal "
        "principal. Afecta a toda la empresa y al contact center.",
        Channel.PHONE, urgency="high", impact="organisation", service="troncal-sip",
        opened_hours_ago=30,
        steps=(
            Step("assign", "demo-supervisor", 0.05, target="noc"),
            Step("reply", "demo-agente", 0.1,
                 "Recibimos su reporte. El NOC está revisando la troncal; le informaremos "
                 "cada 30 minutos."),
            Step("note", "demo-especialista", 0.5,
                 "El SBC de borde perdió el registro con el proveedor; se reinicia el servicio."),
            Step("workaround", "demo-especialista", 0.8,
                 "Se desvió el tráfico a la troncal de respaldo; el servicio está restablecido."),
            Step("problem", "demo-especialista", 0.9, target=PROBLEM_SUBJECT),
            Step("reply", "demo-agente", 1,
                 "El servicio está restablecido por la troncal de respaldo. Seguimos con el "
                 "análisis de causa raíz."),
            Step("solution", "demo-especialista", 6,
                 "Se corrigió la configuración de keep-alive del SBC y se volvió a la troncal "
                 "principal."),
            Step("transition", "demo-agente", 6.5, target="resolved"),
        ),
    ),
    DemoTicket(
        "andina-telecom", "jefe.ti@andina.example.com",
        "Llamadas salientes se cortan a los 30 segundos",
        "Las llamadas salientes hacia celulares se cortan a los 30 segundos desde ayer. "
        "Afecta al área comercial.",
        Channel.EMAIL, urgency="medium", impact="department", service="troncal-sip",
        opened_hours_ago=100,
        steps=(
            Step("reply", "demo-agente", 0.5,
                 "Gracias por el reporte. ¿Nos confirma un número de destino y la hora de una "
                 "llamada afectada?"),
            Step("transition", "demo-agente", 0.6, target="pending"),
            Step("reply", "demo-cliente", 2,
                 "Ejemplo: llamada de las 10:42 al destino terminado en 4411."),
            Step("problem", "demo-especialista", 3, target=PROBLEM_SUBJECT),
            Step("transition", "demo-agente", 30, target="resolved"),
            Step("transition", "demo-supervisor", 80, target="closed"),
        ),
    ),
    DemoTicket(
        "andina-telecom", "facturacion@andina.example.com",
        "Solicitud de reporte mensual de consumo de SMS",
        "Necesitamos el reporte de consumo de SMS de octubre desglosado por campaña para "
        "conciliar la factura.",
        Channel.EMAIL, kind=Kind.REQUEST, priority="normal", service="sms-masivo",
        opened_hours_ago=50,
        steps=(
            Step("assign", "demo-supervisor", 1, target="nivel-1"),
            Step("reply", "demo-agente", 2,
                 "Adjuntaremos el reporte solicitado antes del cierre del día hábil."),
            Step("transition", "demo-agente", 8, target="resolved"),
        ),
    ),
    DemoTicket(
        "andina-telecom", "noc@andina.example.com",
        "Mensajes SMS con demora de entrega hacia un operador",
        "Los SMS hacia un operador móvil llegan con 20 a 40 minutos de demora desde las "
        "14:00. El resto de operadores funciona bien.",
        Channel.API, urgency="medium", impact="organisation", service="sms-masivo",
        opened_hours_ago=6,
        steps=(
            Step("assign", "demo-supervisor", 0.2, target="nivel-2"),
            Step("note", "demo-especialista", 0.5,
                 "La cola hacia el enlace del operador crece; se abrió caso con el operador."),
            Step("reply", "demo-especialista", 0.7,
                 "Identificamos congestión en el enlace con el operador y escalamos con él."),
        ),
    ),
    DemoTicket(
        "andina-telecom", "jefe.ti@andina.example.com",
        "Alta de 15 extensiones en la PBX en la nube",
        "Solicitamos crear 15 extensiones nuevas para el equipo de ventas, con buzón de voz.",
        Channel.PORTAL, kind=Kind.REQUEST, urgency="low", impact="department",
        service="pbx-nube", opened_hours_ago=20,
        steps=(
            Step("reply", "demo-agente", 1,
                 "Recibido. ¿Nos envía la lista de nombres y el plan de numeración deseado?"),
            Step("transition", "demo-agente", 1.1, target="pending"),
        ),
    ),
    DemoTicket(
        "redes-pacifico", "operaciones@pacifico.example.com",
        "Pérdida de paquetes en el enlace de internet dedicado",
        "Se observa 8 % de pérdida de paquetes hacia internet desde la sede principal "
        "desde la madrugada.",
        Channel.EMAIL, urgency="high", impact="department", service="internet-dedicado",
        opened_hours_ago=12,
        steps=(
            Step("assign", "demo-supervisor", 0.1, target="noc"),
            Step("reply", "demo-especialista", 0.3,
                 "Detectamos errores CRC en la interfaz de última milla; coordinamos visita "
                 "técnica."),
            Step("note", "demo-supervisor", 0.4,
                 "Desplazamiento de personal en campo programado: ciudad principal, 2 horas."),
            Step("workaround", "demo-especialista", 3,
                 "Se cambió el tráfico al puerto de respaldo del equipo de borde."),
        ),
    ),
    DemoTicket(
        "redes-pacifico", "operaciones@pacifico.example.com",
        "Cambio de direccionamiento IP público",
        "Requerimos ampliar el bloque de direcciones IP públicas de /29 a /28.",
        Channel.PORTAL, kind=Kind.REQUEST, priority="low", service="internet-dedicado",
        opened_hours_ago=70,
        steps=(
            Step("assign", "demo-gerente", 2, target="nivel-2"),
            Step("reply", "demo-especialista", 24,
                 "El nuevo bloque /28 quedó asignado y enrutado. Por favor confirme."),
            Step("reply", "demo-cliente-pacifico", 30, "Confirmado, funciona correctamente."),
            Step("transition", "demo-especialista", 30.5, target="resolved"),
        ),
    ),
    DemoTicket(
        "redes-pacifico", "operaciones@pacifico.example.com",
        "Consulta sobre envío de SMS con remitente alfanumérico",
        "¿Es posible enviar SMS con remitente alfanumérico hacia operadores de Ecuador?",
        Channel.WHATSAPP, kind=Kind.REQUEST, priority="normal", service="sms-masivo",
        opened_hours_ago=3,
    ),
    DemoTicket(
        "comercial-caribe", "sistemas@caribe.example.com",
        "Sin tono de marcado en la troncal de la sucursal",
        "Los teléfonos de la sucursal no tienen tono de marcado desde esta mañana.",
        Channel.PHONE, urgency="high", impact="individual", service="troncal-sip",
        opened_hours_ago=26,
        steps=(
            Step("reply", "demo-agente", 0.2,
                 "Verificamos que el equipo de la sucursal no registra. Le derivamos al centro "
                 "de instalación autorizado con el número de caso."),
            Step("assign", "demo-supervisor", 0.3, target="centro-instalacion"),
            Step("note", "demo-supervisor", 20,
                 "El centro de instalación reemplazó el adaptador por equipo de respaldo."),
            Step("transition", "demo-agente", 21, target="resolved"),
        ),
    ),
    DemoTicket(
        "comercial-caribe", "sistemas@caribe.example.com",
        "Lentitud de navegación en horario pico",
        "Entre las 11:00 y las 13:00 la navegación es muy lenta en todas las oficinas.",
        Channel.EMAIL, urgency="medium", impact="organisation", service="internet-dedicado",
        opened_hours_ago=8,
        steps=(
            Step("assign", "demo-supervisor", 0.5, target="nivel-1"),
            Step("note", "demo-agente", 1,
                 "El consumo llega al 98 % del caudal contratado en esa franja."),
        ),
    ),
    DemoTicket(
        "comercial-caribe", "sistemas@caribe.example.com",
        "Actualización de contactos para notificaciones",
        "Por favor agreguen al encargado de sistemas a la lista de notificaciones técnicas.",
        Channel.EMAIL, kind=Kind.REQUEST, priority="low", opened_hours_ago=40,
        steps=(
            Step("reply", "demo-agente", 1, "Listo: el contacto quedó en la lista técnica."),
            Step("transition", "demo-agente", 1.1, target="resolved"),
            Step("transition", "demo-supervisor", 49, target="closed"),
        ),
    ),
]  # fmt: skip


@dataclass
class DemoResult:
    created: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # tickets and steps a pack refused
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # user, role label, name

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1

    @property
    def anything_created(self) -> bool:
        return bool(self.created)


def load_shipped_pack(name: str):
    """Load the shipped pack ``name`` (a no-op when loaded already) and make it the default."""
    from pathlib import Path

    import atiende.packs
    from atiende.packs import loader

    path = Path(atiende.packs.__file__).parent / "shipped" / f"{name}.yaml"
    if not path.is_file():
        shipped = sorted(p.stem for p in path.parent.glob("*.yaml"))
        raise ActionError(
            _("There is no shipped pack %(name)s: use one of %(names)s.")
            % {"name": name, "names": ", ".join(shipped)},
            code="unknown_pack",
            field="pack",
        )
    return loader.load_path(path, make_default=True).pack


def load(now: datetime | None = None, *, pack=None) -> DemoResult:
    """Create whatever part of the demo data is missing; return what was made and the logins.

    With ``pack``, the demo organisations are served under it (on its default plan) and each
    ticket follows the pack's rules: a ticket or step the pack refuses (its intake rules, a
    state its workflow lacks) is skipped and listed in ``skipped``.
    """
    now = now or clock.now()
    result = DemoResult()
    with transaction.atomic():
        organisations = _organisations(result)
        if pack is not None:
            _serve_under(pack, organisations)
        _contacts(organisations, result)
        users = _users(organisations, result)
        _services(organisations, result)
        groups = _groups(users, result)
    for spec in sorted(TICKETS, key=lambda t: t.kind != Kind.PROBLEM):
        if pack is not None:
            spec = _adapted(spec, pack)
        try:
            with transaction.atomic():
                _ticket(spec, organisations, users, groups, now, result, lenient=pack is not None)
        except ActionError as error:
            if pack is None:
                raise
            result.skipped.append(f"{spec.subject}: {error.message}")
    result.logins = [
        (username, users[username].get_role_display(), users[username].first_name)
        for username, *_rest in USERS
    ]
    return result


def _organisations(result: DemoResult) -> dict[str, Organisation]:
    found = {}
    for slug, name, plan, time_zone in ORGANISATIONS:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            organisation = create_organisation(
                name=name, slug=slug, plan=plan, time_zone=time_zone, language="es"
            )
            result.count("organisations")
        found[slug] = organisation
    return found


def _contacts(organisations: dict[str, Organisation], result: DemoResult) -> None:
    for slug, name, email, phone, lists in CONTACTS:
        organisation = organisations[slug]
        if Contact.objects.filter(organisation=organisation, email__iexact=email).exists():
            continue
        create_contact(
            organisation=organisation,
            name=name,
            email=email,
            phone=phone,
            notification_lists=lists,
            language="es",
        )
        result.count("contacts")


def _users(organisations: dict[str, Organisation], result: DemoResult) -> dict[str, User]:
    found = {}
    for username, role, slug, name, email in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = create_user(
                username=username,
                email=email,
                role=role,
                organisation=organisations[slug] if slug else None,
                password=DEMO_PASSWORD,
                name=name,
                language="es",
            )
            result.count("users")
        found[username] = user
    return found


def _services(organisations: dict[str, Organisation], result: DemoResult) -> None:
    for code, name, description, slugs in SERVICES:
        if Service.objects.filter(code=code).exists():
            continue
        create_service(
            code=code,
            name=name,
            description=description,
            organisations=[organisations[slug] for slug in slugs],
        )
        result.count("services")


def _groups(users: dict[str, User], result: DemoResult) -> dict[str, SupportGroup]:
    found = {}
    for slug, name, tier, members in GROUPS:
        group = SupportGroup.objects.filter(slug=slug).first()
        if group is None:
            group = create_group(
                name=name, slug=slug, tier=tier, members=[users[m] for m in members]
            )
            result.count("groups")
        found[slug] = group
    return found


def _serve_under(pack, organisations: dict[str, Organisation]) -> None:
    for organisation in organisations.values():
        if organisation.pack_id != pack.pk:
            organisation.pack = pack
            organisation.plan = ""  # the pack's default plan
            organisation.save(update_fields=["pack", "plan"])


def _adapted(spec: DemoTicket, pack) -> DemoTicket:
    """The demo ticket with a priority the pack's scheme knows."""
    from dataclasses import replace

    from atiende.tickets.priority import scheme_for

    scheme = scheme_for(pack)
    if scheme.urgencies and spec.urgency in scheme.urgencies and spec.impact in scheme.impacts:
        return replace(spec, priority="")
    priority = spec.priority if spec.priority in scheme.priorities else ""
    if not priority and (spec.urgency or spec.impact):
        rank = {"high": 0, "medium": 1, "low": 2}.get(spec.urgency, 1)
        priority = scheme.priorities[min(rank, len(scheme.priorities) - 1)]
    return replace(spec, urgency="", impact="", priority=priority or scheme.default)


def _ticket(
    spec: DemoTicket, organisations, users, groups, now, result: DemoResult, lenient=False
) -> None:
    organisation = organisations[spec.organisation]
    if Ticket.objects.filter(organisation=organisation, subject=spec.subject).exists():
        return
    opened = now - timedelta(hours=spec.opened_hours_ago)
    requester = Contact.objects.get(organisation=organisation, email__iexact=spec.requester)
    ticket = actions.open_ticket(
        actor=None,
        channel=spec.channel,
        organisation=organisation,
        subject=spec.subject,
        description=spec.description,
        requester=requester,
        kind=spec.kind,
        urgency=spec.urgency,
        impact=spec.impact,
        priority=spec.priority,
        service=Service.objects.get(code=spec.service) if spec.service else None,
        now=opened,
    )
    result.count("tickets")
    for step in spec.steps:
        at = min(opened + timedelta(hours=step.hours), now)
        actor = users[step.actor]
        channel = Channel.PORTAL if actor.is_customer else Channel.WEB
        ticket.refresh_from_db()
        try:
            with transaction.atomic():
                _step(ticket, step, actor, channel, at, organisation, groups)
        except ActionError as error:
            if not lenient:
                raise
            result.skipped.append(f"{ticket.number} {step.action}: {error.message}")


def _step(ticket, step, actor, channel, at, organisation, groups) -> None:
    if step.action == "reply":
        actions.reply(ticket, actor=actor, channel=channel, text=step.text, now=at)
    elif step.action == "note":
        actions.add_note(ticket, actor=actor, channel=channel, text=step.text, now=at)
    elif step.action == "assign":
        group = groups[step.target]
        members = list(group.members.all()[:1])
        actions.assign(ticket, actor=actor, channel=channel, group=group,
                       assignee=members[0] if members else None, now=at)  # fmt: skip
    elif step.action == "transition":
        actions.transition(ticket, actor=actor, channel=channel, state=step.target, now=at)
    elif step.action == "workaround":
        actions.record_workaround(ticket, actor=actor, channel=channel, text=step.text, now=at)
    elif step.action == "solution":
        actions.record_solution(ticket, actor=actor, channel=channel, text=step.text, now=at)
    elif step.action == "problem":
        problem = Ticket.objects.filter(organisation=organisation, subject=step.target).first()
        if problem is None:
            raise ActionError(_("The problem was not opened."), code="missing_problem")
        actions.link_problem(ticket, actor=actor, channel=channel, problem=problem, now=at)
    else:
        raise ValueError(f"unknown demo step {step.action!r}")
