"""Audit events as people read them: the object by its name (记录《…》, 用户 张三（zhang）)
and each change as 字段：前 → 后, with names in place of ids. Resolved for a page of
events in bulk: one query per kind of object on the page and one per kind of object a
changed field points to, never one per row. The raw JSON stays in the export."""

from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Shorter nouns than the models' verbose names, where the trail reads better with them.
OBJECT_NOUNS = {
    "ledger.workrecord": gettext_lazy("记录"),
    "accounts.user": gettext_lazy("用户"),
    "accounts.unit": gettext_lazy("单位"),
}
EMPTY = "—"


@dataclass(frozen=True)
class Change:
    label: str
    before: str | None  # None: the field was not there before (created)
    after: str | None  # None: not there after


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model, name: str):
    try:
        return model._meta.get_field(name)
    except Exception:  # noqa: BLE001 (FieldDoesNotExist and reverse relations alike)
        return None


def _name(obj) -> str:
    if obj.__class__._meta.label_lower == "accounts.user":
        return _("%(name)s（%(username)s）") % {
            "name": obj.display_name or obj.username,
            "username": obj.username,
        }
    return str(obj)


def _object_label(label: str, model, obj, object_id: str) -> str:
    noun = str(OBJECT_NOUNS.get(label) or (model._meta.verbose_name if model else label))
    if obj is None:
        # Removed since, or not a model: the noun and what the event recorded.
        return _("%(noun)s（已删除）") % {"noun": noun} if model and object_id else noun
    if _field(model, "title") is not None:
        return _("%(noun)s《%(name)s》") % {"noun": noun, "name": _name(obj)}
    return _("%(noun)s %(name)s") % {"noun": noun, "name": _name(obj)}


def _ids(value) -> list:
    if isinstance(value, list):
        return [v for v in value if isinstance(v, int | str)]
    return [value] if isinstance(value, int | str) and value != "" else []


def _plain(value) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list):
        return "、".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{_plain(v)}" for k, v in value.items())
    return str(value)


def describe_events(events) -> None:
    """Set `object_label` and `changes` on each event of `events` (a page's list)."""
    events = list(events)
    model_of = {e.object_type: _model(e.object_type) for e in events if e.object_type}
    # The objects themselves and what their changed fields point to: one query per
    # model, whichever of the two asks for it (a user's unit and a unit are one query).
    wanted = defaultdict(set)
    for e in events:
        model = model_of.get(e.object_type)
        if model is None:
            continue
        if e.object_id:
            wanted[model].add(e.object_id)
        for side in (e.before, e.after):
            if not isinstance(side, dict):
                continue
            for key, value in side.items():
                field = _field(model, key)
                if field is not None and field.is_relation and field.related_model:
                    wanted[field.related_model].update(_ids(value))
    found = {}
    for model, ids in wanted.items():
        clean = set()
        for i in ids:
            try:
                clean.add(model._meta.pk.to_python(i))
            except Exception:  # noqa: BLE001, S112 (an id that no longer parses stays an id)
                continue
        for obj in model._default_manager.filter(pk__in=clean):
            found[(model, str(obj.pk))] = obj
    names = {key: _name(obj) for key, obj in found.items()}
    for e in events:
        model = model_of.get(e.object_type)
        e.object_label = (
            _object_label(e.object_type, model, found.get((model, e.object_id)), e.object_id)
            if e.object_type
            else ""
        )
        e.changes = _changes(e, model, names)


def _show(model, key: str, value, names) -> str:
    field = _field(model, key) if model is not None else None
    if field is not None and field.is_relation and field.related_model:
        shown = [names.get((field.related_model, str(i)), f"{i}") for i in _ids(value)]
        return "、".join(shown) if shown else EMPTY
    if field is not None and field.choices:
        choices = {str(k): v for k, v in field.flatchoices}
        if isinstance(value, list):
            return "、".join(str(choices.get(str(v), v)) for v in value) or EMPTY
        return str(choices.get(str(value), _plain(value)))
    return _plain(value)


def _label(model, key: str) -> str:
    field = _field(model, key) if model is not None else None
    if field is not None and hasattr(field, "verbose_name"):
        return str(field.verbose_name)
    return str(FIELD_LABELS.get(key, key))


# Keys that events record beside the model's fields.
FIELD_LABELS = {
    "filter": gettext_lazy("筛选条件"),
    "row_count": gettext_lazy("行数"),
    "reason": gettext_lazy("原因"),
    "kind": gettext_lazy("类型"),
    "target": gettext_lazy("对象"),
    "count": gettext_lazy("数量"),
    "tags": gettext_lazy("标签"),
    "role": gettext_lazy("角色"),
    "comment": gettext_lazy("意见"),
    "evidence": gettext_lazy("佐证材料编号"),
    "name": gettext_lazy("名称"),
    "size": gettext_lazy("大小（字节）"),
    "sha256": gettext_lazy("内容摘要"),
}


def _changes(event, model, names) -> list[Change]:
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    changes = []
    for key in list(dict.fromkeys([*before, *after])):
        if key in before and key in after and before[key] == after[key]:
            continue  # the snapshot's unchanged fields say nothing
        if key not in before and after[key] in (None, "", []):
            continue  # nor does a field created empty
        changes.append(
            Change(
                label=_label(model, key),
                before=_show(model, key, before[key], names) if key in before else None,
                after=_show(model, key, after[key], names) if key in after else None,
            )
        )
    # A value that is not a dict (a list, a note): shown whole, as text.
    for side, value in (("before", event.before), ("after", event.after)):
        if value is not None and not isinstance(value, dict):
            text = _plain(value)
            changes.append(
                Change(
                    label=_("内容"),
                    before=text if side == "before" else None,
                    after=text if side == "after" else None,
                )
            )
    return changes
