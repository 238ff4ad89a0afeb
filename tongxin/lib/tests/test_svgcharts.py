import xml.etree.ElementTree as ET
from decimal import Decimal

from tongxin.lib.svgcharts import bars, trend

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    return [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_a_trend_labels_every_year_and_value():
    svg = trend(["2019", "2020", "2021", "2022", "2023"], [3, 4, None, 7, 5], title="批示")
    labels = texts(svg)
    assert [t for t in labels if t.startswith("20")] == ["2019", "2020", "2021", "2022", "2023"]
    assert "7" in labels and "5" in labels
    assert ET.fromstring(svg).find(f"{SVG}title").text == "批示"


def test_bars_write_each_value_with_its_unit_and_escape_labels():
    svg = bars(["广汉市", "什<邡>"], [Decimal("62.5"), 0], title="对比", unit="场")
    labels = texts(svg)
    assert "62.5场" in labels and "0场" in labels
    assert "什<邡>" in labels  # parsed back: it was escaped in the markup


def test_an_all_zero_chart_still_draws():
    assert "<svg" in bars(["a"], [0], title="t")
    assert "<svg" in trend(["2022"], [None], title="t")
