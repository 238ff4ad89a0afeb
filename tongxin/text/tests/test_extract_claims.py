import pytest

from tongxin.text import extract_claims


def one(text):
    claims = extract_claims(text)
    assert len(claims) == 1, claims
    c = claims[0]
    return c["value"], c["unit"], c["qualifier"], c["marker"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("解决问题70余件。", (70, "件", "more_than", "余")),
        ("新增企业超70家。", (70, "家", "more_than", "超")),
        ("惠及上千名群众。", (1000, "名", "more_than", "上")),
        ("组织近百家企业。", (100, "家", "nearly", "近")),
        ("开展活动将近40场。", (40, "场", "nearly", "将近")),
        ("惠及群众约5000人。", (5000, "人", "about", "约")),
        ("带动就业2300人左右。", (2300, "人", "about", "左右")),
        ("满意度达90%以上。", (90, "%", "more_than", "以上")),
        ("培训两百名骨干。", (200, "名", "exact", None)),
        ("捐赠图书一千二百余册。", (1200, "册", "more_than", "余")),
        ("服务1.2万人次。", (12000, "人次", "exact", None)),
        ("授信签约62.38亿元。", (6238000000, "元", "exact", None)),
        ("资金3000余万元。", (30000000, "元", "more_than", "余")),
        ("办结率达百分之九十五。", (95, "%", "exact", None)),
        ("提升12个百分点。", (12, "个百分点", "exact", None)),
        ("出台十五條措施。", (15, "条", "exact", None)),
        ("服務１２家企業。", (12, "家", "exact", None)),
        ("問題150多件。", (150, "件", "more_than", "多")),
        ("约占60%。", (60, "%", "about", "约")),
        ("签约12个项目。", (12, "个", "exact", None)),
        ("最近3次会议。", (3, "次", "exact", None)),
        ("千余人参加。", (1000, "人", "more_than", "余")),
        ("近5万人受益。", (50000, "人", "nearly", "近")),
        ("覆盖三个区县。", (3, "个", "exact", None)),
    ],
)
def test_it_reads_value_unit_and_qualifier(text, expected):
    assert one(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2022年2月18日 19:54",
        "请在30日内联系,5年来持续开展,为期3个月",
        "每季度召开一次,每年两次",
        "第4批,首批,全省首家,第二十届,位列前10名",
        "电话:+86-28-62938795",
        "《十大创新特色案例汇编》,《关于促进民营经济发展的十条措施》",
        "“两个确立”“四个意识”“三个平台”“德阳非公企业50强”",
        "党的二十大,十九届六中全会",
        "推出一批案例,一种模式,一份报告",
        "几十个,数百人,十几篇,千家万户",
        "三台县,建设周期3至5年,1至12月",
        "请?0日內进行",
        "十一期间,吸引2000台商,新增3000个体工商户",
        "坚持五位一体,实现两个一百年,成千上万",
        "七台河市,三台县",
    ],
)
def test_it_ignores_what_is_not_a_claim(text):
    assert extract_claims(text) == []


def test_a_quoted_sentence_keeps_its_figures():
    claims = extract_claims("他说:“今年我们解决了70余件诉求。”")
    assert [(c["value"], c["unit"]) for c in claims] == [(70, "件")]


def test_offsets_index_the_raw_text_with_residue():
    raw = "舉辦800余場(chǎng)次主題活動,打造10個(gè)基地"
    claims = extract_claims(raw)
    assert [c["surface"] for c in claims] == ["800余場(chǎng)次", "10個"]
    assert all(raw[c["start"] : c["end"]] == c["surface"] for c in claims)
    assert claims[0]["unit"] == "场次" and claims[0]["marker"] == "余"


def test_claims_touching_a_corruption_spot_are_dropped():
    assert extract_claims("另籌集資金?5萬元,新增7家") == [
        {
            "surface": "7家",
            "value": 7,
            "unit": "家",
            "qualifier": "exact",
            "marker": None,
            "start": 12,
            "end": 14,
            "kind": "count",
        }
    ]
