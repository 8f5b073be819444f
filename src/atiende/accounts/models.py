"""Users with a role and, for customers, an organisation (R2, R3); support groups (E1)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from atiende.accounts.roles import CUSTOMER_ROLES, STAFF_ROLES, Perm, Role, has_perm
from atiende.core.fields import LanguageField, PackSlugMixin, TimeZoneField, pack_slug_constraints


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.AGENT)
    organisation = models.ForeignKey(
        "customers.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisation"),
    )
    contact = models.OneToOneField(
        "customers.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("contact"),
    )
    language = LanguageField(_("language"))
    time_zone = TimeZoneField(_("time zone"))

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=sorted(CUSTOMER_ROLES), organisation__isnull=False)
                    | models.Q(role__in=sorted(STAFF_ROLES), organisation__isnull=True)
                ),
                name="user_customer_roles_have_organisation",
            )
        ]

    @property
    def is_customer(self) -> bool:
        return self.role in CUSTOMER_ROLES

    @property
    def is_agent(self) -> bool:
        return self.role in STAFF_ROLES

    def can(self, perm: Perm) -> bool:
        return self.is_active and has_perm(self.role, perm)


class Tier(models.TextChoices):
    LEVEL1 = "level1", _("Level 1")
    LEVEL2 = "level2", _("Level 2")
    SPECIALISED = "specialised", _("Specialised")
    EXTERNAL = "external", _("External team")


class SupportGroup(PackSlugMixin, models.Model):
    """A team tickets are assigned to: a support tier or an external team (E1, T11)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=64)
    pack = models.ForeignKey(
        "packs.Pack",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("process pack"),
    )
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices, default=Tier.LEVEL1)
    members = models.ManyToManyField(
        User, blank=True, related_name="support_groups", verbose_name=_("members")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("support group")
        verbose_name_plural = _("support groups")
        constraints = [
            *pack_slug_constraints("support_group"),
        ]

    def __str__(self) -> str:
        return self.name


class SavedView(models.Model):
    """A desk list's filters and order under a name (``accounts.saved_views``): the owner's
    own, or shared with the members of one support group."""

    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="saved_views", verbose_name=_("owner")
    )
    group = models.ForeignKey(
        SupportGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="saved_views",
        verbose_name=_("shared with group"),
    )
    name = models.CharField(_("name"), max_length=100)
    params = models.JSONField(_("filters and order"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_view_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
