"""The ledger: the single source of every figure tongxin shows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkArea(models.Model):
    """An area of work (民营经济, 多党合作, 民族, 宗教 ...), as a tree."""

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级领域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("工作领域")
        verbose_name_plural = _("工作领域")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class RecordType(models.Model):
    """A kind of work and the measures its records carry."""

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    area = models.ForeignKey(
        WorkArea,
        verbose_name=_("默认领域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="record_types",
    )
    # The count measure's word (场, 个, 篇 ...); empty when the type carries no count.
    count_word = models.CharField(_("数量单位"), max_length=8, blank=True)
    has_participants = models.BooleanField(_("记录参与人数"), default=False)
    has_amount = models.BooleanField(_("记录金额（元）"), default=False)
    description = models.TextField(_("说明"), blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("记录类型")
        verbose_name_plural = _("记录类型")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_count(self) -> bool:
        return bool(self.count_word)


class Tag(models.Model):
    name = models.CharField(_("标签"), max_length=30, unique=True)

    class Meta:
        verbose_name = _("标签")
        verbose_name_plural = _("标签")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RecordStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已通过")
    RETURNED = "returned", _("已退回")
    WITHDRAWN = "withdrawn", _("已撤销")


STATUS_LABELS = dict(RecordStatus.choices)


class WorkRecord(models.Model):
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="records"
    )
    record_type = models.ForeignKey(
        RecordType, verbose_name=_("记录类型"), on_delete=models.PROTECT, related_name="records"
    )
    area = models.ForeignKey(
        WorkArea, verbose_name=_("工作领域"), on_delete=models.PROTECT, related_name="records"
    )
    date = models.DateField(_("日期"), db_index=True)
    # A range when the work spans days (a training class); empty for a single day.
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("内容"), blank=True)
    count = models.PositiveIntegerField(_("数量"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("参与人数"), null=True, blank=True)
    amount = models.DecimalField(
        _("金额（元）"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("标签"), blank=True, related_name="records")

    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=RecordStatus.choices,
        default=RecordStatus.DRAFT,
        db_index=True,
    )
    # What a withdrawn record returns to when restored.
    status_before_withdrawal = models.CharField(max_length=16, blank=True)
    return_reason = models.TextField(_("退回原因"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    is_illustrative = models.BooleanField(_("演示数据"), default=False)
    import_batch = models.ForeignKey(
        "ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("工作记录")
        verbose_name_plural = _("工作记录")
        ordering = ["-date", "-id"]
        indexes = [
            # Covers the list's count and totals for a unit and period (key columns, so
            # SQLite covers too): at 5 million records PostgreSQL read one table page
            # per row of 广汉市's year (60,000 pages), now the index alone.
            models.Index(
                fields=["unit", "date", "status", "count", "participants", "amount"],
                name="ledger_record_unit_date_idx",
            ),
            models.Index(fields=["status", "date"]),
            models.Index(fields=["record_type", "date"]),
            # The 待办 count on every page: a user's drafts and returned records in the
            # units they see, from the index alone.
            models.Index(fields=["created_by", "status", "unit"], name="ledger_record_creator_idx"),
            # Covers the indicators' grouped pass over a period's approved records, so
            # it reads the index alone, never the table.
            models.Index(
                fields=[
                    "status",
                    "date",
                    "unit",
                    "record_type",
                    "area",
                    "count",
                    "participants",
                    "amount",
                ],
                name="ledger_record_indicator_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_label(self) -> str:
        # get_status_display() rebuilds a dict of the lazy labels on every call: a tenth
        # of the list page's time for 50 rows.
        return STATUS_LABELS.get(self.status, self.status)


class LinkKind(models.TextChoices):
    RAISED_AT = "raised_at", _("提出于")
    INSTRUCTION_ON = "instruction_on", _("批示于")
    ADOPTED_FROM = "adopted_from", _("采用自")
    PART_OF = "part_of", _("属于")


class RecordLink(models.Model):
    """A typed link: `source` <kind> `target` (an instruction record is
    `instruction_on` the report it praises)."""

    source = models.ForeignKey(WorkRecord, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(WorkRecord, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(_("关系"), max_length=20, choices=LinkKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("记录关联")
        verbose_name_plural = _("记录关联")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="unique_record_link")
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


def evidence_path(instance: "Evidence", filename: str) -> str:
    # Stored under the content's hash, never the user's file name.
    return f"evidence/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class Evidence(models.Model):
    record = models.ForeignKey(WorkRecord, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    is_removed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class FormDraft(models.Model):
    """An autosaved, half-filled record form, so an idle logout loses nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="form_drafts"
    )
    # Empty for a new record's form.
    record = models.ForeignKey(
        WorkRecord, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "record"], name="unique_form_draft"),
        ]

    def __str__(self) -> str:
        return f"autosave of {self.user_id} for {self.record_id or 'a new record'}"


class ImportSource(models.TextChoices):
    WEB = "web", _("网页")
    COMMAND = "command", _("命令行")


class ImportBatch(models.Model):
    """One committed Excel import; its hash refuses the same file twice (until undone)."""

    sha256 = models.CharField(max_length=64)
    filename = models.CharField(max_length=200)
    # None: the file named each row's type in a column.
    record_type = models.ForeignKey(
        RecordType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    row_count = models.PositiveIntegerField()
    rejected_count = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=16, choices=ImportSource.choices, default=ImportSource.WEB)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["sha256"],
                condition=models.Q(undone_at__isnull=True),
                name="unique_import_file_not_undone",
            ),
        ]

    def __str__(self) -> str:
        return self.filename


class ImportMapping(models.Model):
    """The column mapping a unit confirmed: normalised header → field, used next time."""

    unit = models.OneToOneField("accounts.Unit", on_delete=models.CASCADE, related_name="+")
    columns = models.JSONField(default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"import mapping of {self.unit_id}"


class YearStamp(models.Model):
    """A token per year, changed by database triggers whenever the year's approved
    records (or their tags and links) change: cached indicator passes are keyed on it
    (tongxin/ledger/yearstamps.py). Never written by the application."""

    year = models.IntegerField(primary_key=True)
    token = models.BigIntegerField()

    class Meta:
        verbose_name = _("年度数据版本")
        verbose_name_plural = _("年度数据版本")

    def __str__(self) -> str:
        return f"{self.year}: {self.token}"


class RecordRollup(models.Model):
    """Approved records' number and sums per month, unit, record type and area: every
    approved record once (tag 0, no link kind), and again under each tag it carries and
    each kind of link pointing at it. Indicator tables read these rows, not the records.
    Database triggers keep them in the writing transaction (tongxin/ledger/rollups.py),
    so no write path can forget them. Never written by the application."""

    month = models.IntegerField()  # 202203
    unit_id = models.IntegerField()
    record_type_id = models.IntegerField()
    area_id = models.IntegerField()
    tag_id = models.IntegerField(default=0)
    link_kind = models.CharField(max_length=20, default="", blank=True)
    records = models.BigIntegerField(default=0)
    count_sum = models.BigIntegerField(default=0)
    participants_sum = models.BigIntegerField(default=0)
    # In fen: integer sums stay exact through any number of increments (SQLite would
    # add the yuan as floats).
    amount_cents = models.BigIntegerField(default=0)

    class Meta:
        db_table = "ledger_rollup"
        verbose_name = _("指标汇总")
        verbose_name_plural = _("指标汇总")
        constraints = [
            models.UniqueConstraint(
                fields=["tag_id", "link_kind", "month", "unit_id", "record_type_id", "area_id"],
                name="ledger_rollup_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.unit_id}/{self.record_type_id}: {self.records}"


class ClosedYear(models.Model):
    """A year whose review has been signed off: its approved records change only
    through corrections."""

    year = models.PositiveIntegerField(_("年度"), unique=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("已关账年度")
        verbose_name_plural = _("已关账年度")

    def __str__(self) -> str:
        return str(self.year)


class CorrectionKind(models.TextChoices):
    CHANGE = "change", _("修改")
    WITHDRAW = "withdraw", _("撤销")
    APPROVE = "approve", _("补录")
    # A late item (补录) with no record yet: the payload says what to create.
    LATE = "late", _("补录新增")


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")


class Correction(models.Model):
    """更正: a change to a closed year's ledger, applied only when an editor approves it."""

    # Empty for a late item (补录) until its approval creates the record.
    record = models.ForeignKey(
        WorkRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    # The unit whose figures it changes: who sees it, whose editors approve it.
    unit = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("更正类型"), max_length=10, choices=CorrectionKind.choices)
    changes = models.JSONField(_("修改内容"), default=dict, blank=True)
    # A change made through the record's owner (ledger/owners.py): the owner kind's key
    # and what its service is to do on approval ({"action": ..., ...}).
    owner_kind = models.CharField(max_length=50, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    title = models.CharField(_("事项"), max_length=200, blank=True)
    date = models.DateField(null=True, blank=True)
    reason = models.TextField(_("更正原因"))
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=CorrectionStatus.choices,
        default=CorrectionStatus.PENDING,
        db_index=True,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("更正")
        verbose_name_plural = _("更正")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"更正 #{self.pk} {self.record_id}"
