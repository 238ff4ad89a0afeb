from tongxin.text import read_article

from .conftest import DATA


def test_it_reads_the_seed_head_and_drops_the_footer(seed_text):
    a = read_article(seed_text)
    assert a["title"] == "凝心聚力譜新篇 奮楫篤行啟新程"
    assert a["subtitle"] == "2022年德陽統戰工作綜述"
    assert a["published_at"] == "2023-02-18T19:54:00+08:00"
    assert a["source"] == "中新網四川"
    assert a["editor"] == "韓金雨"
    assert a["dateline"] == "中新網四川新聞2月18日電"
    assert a["body"].startswith("回眸2022年")
    assert a["body"].endswith("作出新的更大貢獻。")
    assert "版權與免責聲明" not in a["body"] and "(tǒng)" not in a["body"]
    assert "首頁 > bwbd > 中新網四川" in a["removed"]


def test_it_reads_a_simplified_article_with_a_trailing_editor():
    text = (DATA / "shancheng-2021-review.txt").read_text(encoding="utf-8")
    a = read_article(text)
    assert a["title"] == "凝聚同心力量 共繪發展新篇"
    assert a["published_at"] == "2022-01-15T09:00:00+08:00"
    assert a["source"] == "山城日報"
    assert a["editor"] == "王芳"
    assert a["dateline"] == "山城新聞1月15日電"
    assert a["body"].endswith("全部銷號。")
    assert "版權所有 © 山城日報社" in a["removed"]


def test_it_reads_plain_text_without_a_meta_line():
    a = read_article("首页 > 要闻\n标题在这里\n\n第一段。\n\n第二段。")
    assert a["title"] == "标题在这里"
    assert a["body"] == "第一段。\n\n第二段。"
    assert a["published_at"] is None


def test_it_extracts_html_through_trafilatura():
    html = (
        "<html><head><title>站点</title></head><body><nav>首页 &gt; 新闻</nav><article>"
        "<h1>凝心聚力谱新篇——2022年德阳统战工作综述</h1>"
        "<p>2023年02月18日 19:54 来源：中新网四川 编辑：韩金雨</p>"
        "<p>中新网四川新闻2月18日电 回眸2022年，这一年极不平凡。全年获得肯定性批示7件。</p>"
        "<p>开展恳谈会、对接会等活动5场，协调解决困难问题70余件，授信签约62.38亿元。</p>"
        "</article><footer>版权所有 ICP备12345号</footer></body></html>"
    )
    a = read_article(html)
    assert a["title"] == "凝心聚力谱新篇"
    assert a["subtitle"] == "2022年德阳统战工作综述"
    assert a["published_at"] == "2023-02-18T19:54:00+08:00"
    assert a["editor"] == "韩金雨"
    assert a["body"].startswith("回眸2022年")
    assert "70余件" in a["body"]
