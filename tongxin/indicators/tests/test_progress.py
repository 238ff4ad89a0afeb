from decimal import Decimal as D

from tongxin.indicators.progress import BEHIND, DONE, NO_TARGET, ON_TRACK, progress


def test_reaching_the_target_is_done_with_its_completion():
    p = progress(D(46), D(40))
    assert p.status == DONE
    assert p.completion == D("115.0")
    assert p.bar_percent == 100


def test_halfway_through_the_year_half_the_target_is_on_track():
    assert progress(D(20), D(40), elapsed_share=0.5).status == ON_TRACK
    assert progress(D(19), D(40), elapsed_share=0.5).status == BEHIND


def test_at_year_end_short_of_target_is_behind():
    p = progress(D(30), D(40))
    assert p.status == BEHIND
    assert p.completion == D("75.0")


def test_a_rank_reads_lower_as_better():
    # 保五奔三: aim for 3, hold 5
    assert progress(D(2), D(3), higher_is_better=False, floor=D(5)).status == DONE
    assert progress(D(4), D(3), higher_is_better=False, floor=D(5)).status == ON_TRACK
    assert progress(D(6), D(3), higher_is_better=False, floor=D(5)).status == BEHIND
    assert progress(D(4), D(3), higher_is_better=False, floor=D(5)).completion is None


def test_no_target_says_so():
    assert progress(D(5), None).status == NO_TARGET
