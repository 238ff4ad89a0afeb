from dataclasses import dataclass
from decimal import Decimal as D

from tongxin.reports.templating import as_text, errors, format_figure, render


@dataclass
class Ind:
    unit_word: str


INDICATORS = {"forums": Ind("场"), "solved": Ind("件"), "credit": Ind("元")}
VALUES = {"forums": D(5), "solved": D(73), "credit": D(6238000000)}


def test_placeholders_take_their_number_style():
    blocks = render(
        "**搭建交流平台。**举办恳谈会{{forums}}，解决问题{{solved|approx}}，授信{{credit|money}}。",
        INDICATORS,
        VALUES,
    )
    (block,) = blocks
    assert block.lead == "搭建交流平台。"
    assert block.text == "搭建交流平台。举办恳谈会5场，解决问题70余件，授信62.38亿元。"
    figures = [p for p in block.parts if p.code]
    assert [(p.code, p.value) for p in figures] == [
        ("forums", D(5)),
        ("solved", D(73)),
        ("credit", D(6238000000)),
    ]


def test_an_unknown_indicator_is_an_error_at_its_spot_not_a_blank():
    blocks = render("共有{{nonesuch}}个。", INDICATORS, VALUES)
    assert errors(blocks) == ["未知指标“nonesuch”"]
    assert "【未知指标“nonesuch”】" in blocks[0].text


def test_an_unknown_style_is_an_error():
    assert errors(render("{{forums|roman}}", INDICATORS, VALUES))


def test_headings_and_text_output():
    blocks = render("# 围绕中心 充分发挥统战法宝作用\n\n正文{{forums|bare}}。", INDICATORS, VALUES)
    assert [b.kind for b in blocks] == ["h1", "p"]
    assert as_text("标题", blocks) == "标题\n\n围绕中心 充分发挥统战法宝作用\n正文5。\n"


def test_figure_styles():
    assert format_figure(D(412), "个", "approx") == "400余个"
    assert format_figure(D(16), "名", "approx") == "16名"  # below 20 stays exact
    assert format_figure(D(15000000), "元", "money") == "1500万元"
    assert format_figure(D("50.0"), "%", "exact") == "50%"
