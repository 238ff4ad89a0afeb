from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Article(models.Model):
    """A published article or draft read in: kept with its text, and counted as a
    publicity record of the ledger (outlet, date, title)."""

    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("标题"), max_length=300)
    outlet = models.CharField(_("来源媒体"), max_length=100, blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    editor = models.CharField(_("编辑"), max_length=100, blank=True)
    author = models.CharField(_("作者"), max_length=100, blank=True)
    source_name = models.CharField(_("原始文件"), max_length=200, blank=True)
    raw_text = models.TextField(_("原文"))
    body = models.TextField(_("正文（简体）"))
    residue_removed = models.PositiveIntegerField(_("清除的拼音残留"), default=0)
    publicity_record = models.OneToOneField(
        "ledger.WorkRecord",
        verbose_name=_("宣传记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="article",
    )
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        ordering = ["-read_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Review(models.Model):
    """The annual review (年度工作综述) of one unit for one year."""

    year = models.PositiveIntegerField(_("年度"))
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("标题"), max_length=200)
    published_version = models.OneToOneField(
        "ReviewVersion",
        verbose_name=_("已签发版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("年度综述")
        verbose_name_plural = _("年度综述")
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["year", "unit"], name="unique_review")]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class ReviewVersion(models.Model):
    """A saved state of the review's template. Versions are never changed; saving
    makes a new one. A signed-off version keeps the figures it printed."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    source = models.TextField(_("模板"))
    note = models.CharField(_("修改说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    # code -> value printed at sign-off, so later changes can be shown against it.
    frozen_values = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("综述版本")
        verbose_name_plural = _("综述版本")
        ordering = ["review", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="unique_review_version"),
        ]

    def __str__(self) -> str:
        return f"{self.review} v{self.number}"


class ReviewComment(models.Model):
    version = models.ForeignKey(ReviewVersion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("意见"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:30]
