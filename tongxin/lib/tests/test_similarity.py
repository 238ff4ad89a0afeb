from tongxin.lib.similarity import title_similarity


def test_the_same_event_recorded_twice_is_similar():
    a = "德阳市民营企业家“面对面”恳谈会"
    b = "民营企业家面对面恳谈会（德阳市）"
    assert title_similarity(a, b) >= 0.5


def test_different_events_are_not():
    assert title_similarity("民营企业家恳谈会", "宗教活动场所安全检查") < 0.2


def test_punctuation_and_spaces_do_not_count():
    assert title_similarity("统战 工作会议", "统战工作会议。") == 1.0


def test_empty_titles_are_never_similar():
    assert title_similarity("", "会议") == 0.0
