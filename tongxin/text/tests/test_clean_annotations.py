import pytest

from tongxin.text import clean_annotations


def test_it_removes_pinyin_after_han_characters():
    result = clean_annotations("德陽(yáng)統(tǒng)戰(zhàn)工作")
    assert result.text == "德陽統戰工作"
    assert result.removed == 3


def test_it_handles_full_width_parentheses_and_u_umlaut():
    assert clean_annotations("綠（lǜ）化和女(nǚ)性").text == "綠化和女性"


def test_it_removes_residue_inside_a_real_parenthesis():
    assert clean_annotations("(擴(kuò)大)").text == "(擴大)"


@pytest.mark.parametrize(
    "text",
    ["(市、縣)", "(以下簡稱《條例》)", "(2022)", "王先生(Wang)", "(六)", "咖啡(café)", "們(men)"],
)
def test_it_keeps_real_parentheses(text):
    result = clean_annotations(text)
    assert result.text == text
    assert result.removed == 0


def test_it_needs_a_han_character_before_the_annotation():
    assert clean_annotations("abc(tǒng)").text == "abc(tǒng)"


def test_it_is_idempotent_on_doubled_residue():
    once = clean_annotations("場(chǎng)(chǎng)次").text
    assert once == "場次"
    assert clean_annotations(once).text == once


def test_it_maps_cleaned_offsets_back_to_the_original():
    raw = "800余場(chǎng)次活動"
    result = clean_annotations(raw)
    assert result.text == "800余場次活動"
    for i, ch in enumerate(result.text):
        assert raw[result.to_original(i)] == ch
    start, end = result.original_span(0, 6)
    assert raw[start:end] == "800余場(chǎng)次"


def test_the_seed_is_cleaned_of_all_residue(seed_text):
    result = clean_annotations(seed_text)
    assert result.removed > 400
    assert "(tǒng)" not in result.text
    assert "(市、縣)" in result.text and "(以下簡稱《條例》)" in result.text
    assert all(seed_text[result.to_original(i)] == ch for i, ch in enumerate(result.text))


def test_a_whole_word_romanised_after_the_characters_it_spells_is_removed():
    result = clean_annotations("德陽市(Dé yáng shì)召開會議，德阳市（Dé yáng shì）亦然")
    assert result.text == "德陽市召開會議，德阳市亦然"
    assert result.removed == 2


def test_a_whole_word_romanisation_composes_with_syllable_residue_and_maps_back():
    text = "統(tǒng)戰(zhàn)德陽市(Dé yáng shì)統(tǒng)"
    result = clean_annotations(text)
    assert result.text == "統戰德陽市統"
    assert [text[result.to_original(i)] for i in range(len(result.text))] == list(result.text)
    assert clean_annotations(result.text).text == result.text


def test_names_and_words_that_do_not_spell_the_characters_before_them_are_kept():
    for text in ("王力(Wang Li)", "市(Dé yáng shì)", "德阳(Dé yáng shì)", "公司(ABC Ltd)"):
        assert clean_annotations(text).text == text
