"""Loaded process packs, their versions, support plans and the account checks they ran.

A :class:`Pack` owns ordinary rows in other apps (calendars, policies, the priority matrix,
workflows, support groups) through their nullable ``pack`` foreign key; names are unique
within a pack. ``spec`` keeps the canonical data of the whole file, including the sections
whose runtime arrives later (escalation, notifications, maintenance, dispatch, billing,
survey): they are validated and stored, not run.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from atiende import clock


class Pack(models.Model):
    name = models.SlugField(_("name"), max_length=64, unique=True)
    display_name = models.CharField(_("display name"), max_length=200)
    languages = models.JSONField(_("languages"), default=list)
    time_zone = models.CharField(_("time zone"), max_length=64)
    is_default = models.BooleanField(_("default pack"), default=False)
    # The canonical data of the file (PackSpec.to_yaml_data()): what export writes back.
    spec = models.JSONField(_("specification"), default=dict)
    digest = models.CharField(_("digest"), max_length=64)
    version = models.PositiveIntegerField(_("version"), default=1)
    loaded_at = models.DateTimeField(_("loaded at"), default=clock.now)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("process pack")
        verbose_name_plural = _("process packs")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="packs_one_default_pack",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def text(self, value, language: str | None = None) -> str:
        """A pack text (``{es: …, en: …}``) in ``language``, else the pack's first language."""
        if not isinstance(value, dict):
            return str(value or "")
        for lang in (language, *self.languages):
            if lang and value.get(lang):
                return value[lang]
        return next(iter(value.values()), "")


class PackVersion(models.Model):
    """One load that changed something: the source text, the canonical data and the changes."""

    pack = models.ForeignKey(Pack, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    digest = models.CharField(_("digest"), max_length=64)
    source = models.TextField(_("source text"))
    spec = models.JSONField(_("specification"), default=dict)
    changes = models.JSONField(_("changes"), default=list)
    loaded_at = models.DateTimeField(_("loaded at"), default=clock.now)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["pack", "version"]
        verbose_name = _("process pack version")
        verbose_name_plural = _("process pack versions")
        constraints = [
            models.UniqueConstraint(fields=["pack", "version"], name="packs_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.pack_id} v{self.version}"


class Plan(models.Model):
    """A support plan of a pack (S2): its calendar is the target calendar ``plan``."""

    pack = models.ForeignKey(Pack, on_delete=models.CASCADE, related_name="plans")
    name = models.SlugField(_("name"), max_length=64)
    label = models.JSONField(_("label"), default=dict, blank=True)
    calendar = models.ForeignKey(
        "sla.BusinessCalendar",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("calendar"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_default = models.BooleanField(_("default plan"), default=False)
    billing_min = models.DecimalField(
        _("monthly billing from"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    billing_max = models.DecimalField(
        _("monthly billing up to"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["pack", "position", "name"]
        verbose_name = _("support plan")
        verbose_name_plural = _("support plans")
        constraints = [
            models.UniqueConstraint(fields=["pack", "name"], name="packs_plan_unique_name"),
            models.UniqueConstraint(
                fields=["pack"],
                condition=models.Q(is_default=True),
                name="packs_one_default_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pack_id}/{self.name}"


class AccountCheckOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")
    UNAVAILABLE = "unavailable", _("Check unavailable (accepted)")


class AccountCheck(models.Model):
    """The outcome of one account-status check before opening a ticket (T10)."""

    pack = models.ForeignKey(Pack, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "customers.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16)
    channel = models.CharField(_("channel"), max_length=16)
    source = models.CharField(_("source"), max_length=8)
    status = models.CharField(_("account status"), max_length=64, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=AccountCheckOutcome.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    checked_at = models.DateTimeField(_("checked at"), default=clock.now)

    class Meta:
        ordering = ["-checked_at", "-id"]
        verbose_name = _("account check")
        verbose_name_plural = _("account checks")
        indexes = [models.Index(fields=["organisation", "-checked_at"], name="account_check_org")]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.outcome}"
