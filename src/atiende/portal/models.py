"""Rate limit of password-reset requests, counted in the database so that every web process on
every machine shares it (see :mod:`atiende.portal.passwords`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from atiende import clock


class ResetScope(models.TextChoices):
    ADDRESS = "address", _("E-mail address")
    IP = "ip", _("Client IP address")


class PasswordResetSlot(models.Model):
    """One of the ``limit`` requests a key may make per window: a key (the keyed hash of an
    e-mail address or a client IP, never the value itself) has at most ``limit`` rows, numbered
    by ``slot``; a request takes a slot that is free or was last taken a window ago. So at most
    ``limit`` requests of a key send mail in any window, whichever process serves them (the
    unique constraint and a conditional update decide between concurrent ones). Rows last taken
    more than a window ago say nothing and are pruned."""

    scope = models.CharField(_("scope"), max_length=16, choices=ResetScope.choices)
    key = models.CharField(_("key"), max_length=64)
    slot = models.PositiveSmallIntegerField(_("slot"))
    taken_at = models.DateTimeField(_("taken at"), default=clock.now)

    class Meta:
        verbose_name = _("password-reset request slot")
        verbose_name_plural = _("password-reset request slots")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "slot"], name="portal_reset_slot_unique"
            )
        ]
        indexes = [models.Index(fields=["taken_at"], name="portal_reset_slot_taken_idx")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]}… #{self.slot} at {self.taken_at:%Y-%m-%d %H:%M}"
