"""Abstract bases for the bookkeeping fields many models repeat. Abstract: no table,
no migration; a model that inherits one gets exactly the fields it used to declare."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CreatedAt(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        abstract = True


class Timestamped(CreatedAt):
    """When the row was made and last saved."""

    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        abstract = True


class Authored(CreatedAt):
    """Who made the row, and when."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


class AuthoredTimestamped(Authored):
    """Who made the row, when, and when it was last saved."""

    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        abstract = True
