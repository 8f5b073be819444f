"""The provider's catalogue of services and which organisations use them (R1, S11)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from atiende import clock


class Service(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    availability_target = models.DecimalField(
        _("monthly availability target (%)"),
        max_digits=6,
        decimal_places=3,
        default=Decimal("99.900"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The process pack that defines the service (its `services` section), or None when it is
    # managed in the admin or the API alone.
    pack = models.ForeignKey(
        "packs.Pack",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("process pack"),
    )
    organisations = models.ManyToManyField(
        "customers.Organisation",
        through="Subscription",
        related_name="services",
        blank=True,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name


class Subscription(models.Model):
    """An organisation uses a service (N3: who hears about a major incident)."""

    organisation = models.ForeignKey("customers.Organisation", on_delete=models.CASCADE)
    service = models.ForeignKey(Service, on_delete=models.CASCADE)
    since = models.DateTimeField(_("since"), default=clock.now)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service"], name="subscription_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.service}"


class MaintenanceKind(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    EMERGENCY = "emergency", _("Emergency")


class MaintenanceWindow(models.Model):
    """A period in which services are under maintenance (N4), shown to the organisations that
    use them in the portal. Minimal: edited in the Django admin until the maintenance issue."""

    services = models.ManyToManyField(
        Service, related_name="maintenance_windows", verbose_name=_("services")
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=MaintenanceKind.choices, default=MaintenanceKind.SCHEDULED
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    title_es = models.CharField(_("title (Spanish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("maintenance window")
        verbose_name_plural = _("maintenance windows")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="maintenance_window_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["ends_at"], name="maintenance_window_ends_idx")]

    def __str__(self) -> str:
        return self.title_en or self.title_es

    def title(self, language: str) -> str:
        return (
            (self.title_es if language.startswith("es") else self.title_en)
            or self.title_en
            or self.title_es
        )

    def description(self, language: str) -> str:
        first, second = (
            (self.description_es, self.description_en)
            if language.startswith("es")
            else (self.description_en, self.description_es)
        )
        return first or second

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The window must end after it starts.")})
