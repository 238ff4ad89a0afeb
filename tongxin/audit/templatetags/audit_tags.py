from django import template

from tongxin.audit.labels import action_label

register = template.Library()

register.filter("action_label", action_label)
