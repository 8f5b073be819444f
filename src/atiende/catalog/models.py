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
