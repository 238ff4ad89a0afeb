from tongxin.text import script, to_simplified, to_traditional


def test_it_converts_between_scripts():
    assert to_simplified("統戰場次個") == "统战场次个"
    assert to_traditional("统战场次") == "統戰場次"


def test_converters_are_created_once():
    assert script.converter("t2s") is script.converter("t2s")


def test_simplified_aligned_keeps_the_length():
    text = "德陽統戰工作綜述\n800余場次\n"
    out = script.simplified_aligned(text)
    assert len(out) == len(text)
    assert out == "德阳统战工作综述\n800余场次\n"
