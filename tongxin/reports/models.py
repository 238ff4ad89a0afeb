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
