"""Form-wide defaults: the empty choice of every select reads "请选择…", not Django's
"---------" (model choices, ModelChoiceField, and the choices of model fields)."""

from django.db.models import fields as model_fields
from django.forms import models as form_models
from django.utils.translation import gettext_lazy as _

EMPTY_CHOICE_LABEL = _("请选择…")


def install() -> None:
    # BLANK_CHOICE_DASH is one list shared by reference (it is the default argument of
    # Field.get_choices and the forms built from it): replacing its item changes all.
    model_fields.BLANK_CHOICE_DASH[:] = [("", EMPTY_CHOICE_LABEL)]
    for field_class in (form_models.ModelChoiceField, form_models.ModelMultipleChoiceField):
        defaults = field_class.__init__.__kwdefaults__
        if defaults and defaults.get("empty_label") == "---------":
            defaults["empty_label"] = EMPTY_CHOICE_LABEL
