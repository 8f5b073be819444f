"""Customer organisations, their contacts and their sites (R1)."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from atiende import clock
from atiende.core.fields import LanguageField, TimeZoneField

slug_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]*$",
    _("Use lower-case letters, digits and hyphens, starting with a letter or digit."),
)


class AccountStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DEBT = "debt", _("With debt")
    SUSPENDED = "suspended", _("Suspended")


class Organisation(models.Model):
    """A customer company served by the desk."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=64, unique=True, validators=[slug_validator])
    # Served under this process pack; empty: the default pack.
    pack = models.ForeignKey(
        "packs.Pack",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("process pack"),
    )
    # The name of a plan of the pack (packs.Plan); empty: the pack's default plan (S2).
    plan = models.CharField(_("support plan"), max_length=64, blank=True)
    account_status = models.CharField(
        _("account status"),
        max_length=16,
        choices=AccountStatus.choices,
        default=AccountStatus.ACTIVE,
    )
    language = LanguageField(_("language"))
    time_zone = TimeZoneField(_("time zone"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=clock.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A person of an organisation who reports issues or receives notifications."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = LanguageField(_("language"))
    # Names of the notification lists this contact belongs to (e.g. "technical", "billing").
    notification_lists = models.JSONField(_("notification lists"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=clock.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [models.Index(fields=["email"], name="contact_email_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=~models.Q(email=""),
                name="contact_unique_email_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.email else self.name


class CityClass(models.TextChoices):
    MAIN = "main", _("Main city")
    INTERMEDIATE = "intermediate", _("Intermediate city")
    REMOTE = "remote", _("Remote location")


class Site(models.Model):
    """A place where an organisation receives service (for field dispatch, S6)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sites")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    city_class = models.CharField(
        _("city class"), max_length=16, choices=CityClass.choices, default=CityClass.MAIN
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return self.name
