"""The unified social credit code (统一社会信用代码), GB 32100-2015.

Framework-free: 18 characters from a 31-character alphabet; the 18th is a check
character computed from the first 17 with fixed weights, modulo 31.
"""

from django.utils.translation import gettext_lazy as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18

WRONG_LENGTH = _("统一社会信用代码应为18位，当前为{length}位。")
ILLEGAL_CHARACTER = _(
    "第{position}位字符“{char}”不是统一社会信用代码允许的字符"
    "（只用数字和除I、O、Z、S、V以外的大写字母）。"
)
WRONG_CHECK = _("校验码错误：第18位应为“{expected}”，实际为“{actual}”。")


class CreditCodeError(ValueError):
    """The code is not valid; the message says what is wrong, in Chinese."""


def normalize(code: str) -> str:
    """Spaces removed and letters upper-cased, as people type and paste codes."""
    return "".join(code.split()).upper()


def check_character(first17: str) -> str:
    """The check character for the first 17 characters (assumed legal)."""
    if len(first17) != LENGTH - 1:
        raise ValueError("check_character needs exactly 17 characters")
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    value = 31 - total % 31
    return ALPHABET[0 if value == 31 else value]


def validate(code: str) -> str:
    """The normalized code, or `CreditCodeError` naming the first thing wrong."""
    code = normalize(code)
    if len(code) != LENGTH:
        raise CreditCodeError(WRONG_LENGTH.format(length=len(code)))
    for position, char in enumerate(code, start=1):
        if char not in ALPHABET:
            raise CreditCodeError(ILLEGAL_CHARACTER.format(position=position, char=char))
    expected = check_character(code[:17])
    if code[17] != expected:
        raise CreditCodeError(WRONG_CHECK.format(expected=expected, actual=code[17]))
    return code


def is_valid(code: str) -> bool:
    try:
        validate(code)
    except CreditCodeError:
        return False
    return True
