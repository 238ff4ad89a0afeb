from tongxin.text import find_corruption


def test_it_finds_the_three_spots_in_the_seed(seed_text):
    spots = find_corruption(seed_text)
    assert [s.text for s in spots] == ["?yún)^(qū)", "?jiān)", "?"]
    assert all(seed_text[s.start : s.end] == s.text for s in spots)


def test_it_flags_replacement_characters_anywhere():
    assert [s.text for s in find_corruption("abc\ufffd\ufffddef")] == ["\ufffd\ufffd"]


def test_it_flags_a_question_mark_between_han_characters():
    assert [(s.start, s.end) for s in find_corruption("市?區")] == [(1, 2)]


def test_it_leaves_real_question_marks_alone():
    assert find_corruption("是吗?") == []
    assert find_corruption("see http://a.cn/x?id=3 now") == []
