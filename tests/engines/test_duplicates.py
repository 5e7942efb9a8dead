"""The duplicate finder alone: the same event in different words, and what keeps apart."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from claims.duplicates import ClaimFacts, group_duplicates, residue_of, same_event_score

NAMES = ["メルツ", "フリードリヒ・メルツ", "マクロン", "ショルツ", "ドイツ", "フランス"]


def facts(pk: int, text: str, day: int, *, people=("macron", "merz"), **extra) -> ClaimFacts:
    base = ClaimFacts(
        pk=pk,
        text=text,
        start=date(2025, 3, day),
        end=date(2025, 3, day),
        people=frozenset(people),
        actors=frozenset(people),
        issues=frozenset({"security_guarantees"}),
        articles=frozenset({pk}),
        residue=residue_of(text, names=NAMES, time_expression=f"{day}日"),
    )
    return replace(base, **extra)


# Our own sentences about one imagined meeting, told three ways, and three near misses.
MET = facts(1, "メルツ氏は3日、マクロン大統領とパリで会談し、欧州の安全保障の強化で合意した。", 3)
MET_AGAIN = facts(
    2, "マクロン氏とメルツ氏は3日にパリで会い、欧州の安全保障を強めることで合意した。", 3
)
NEXT_DAY = facts(
    3, "メルツ氏は4日、マクロン大統領とのパリでの会談で安全保障の強化に合意したと語った。", 4
)
OTHER_PERSON = facts(
    4,
    "ショルツ氏は3日、マクロン大統領とパリで会談し、欧州の安全保障の強化で合意した。",
    3,
    people=("macron", "scholz"),
)
DENIAL = facts(
    5,
    "メルツ氏は3日、マクロン大統領とパリで会談し安全保障で合意したとの報道を否定した。",
    3,
    denied=True,
)
WEEK_LATER = facts(
    6, "メルツ氏は10日、マクロン大統領とパリで会談し、欧州の安全保障の強化で合意した。", 10
)
UNRELATED = facts(
    7, "メルツ氏は3日、マクロン大統領と共に記者会見に臨み、移民政策について質問に答えた。", 3
)


def test_residue_drops_names_titles_and_the_date():
    assert residue_of(MET.text, names=NAMES, time_expression="3日") == (
        "はとパリで会談し欧州の安全保障の強化で合意した"
    )


def test_the_same_meeting_in_different_words_is_the_same_event():
    assert same_event_score(MET, MET_AGAIN) is not None
    assert same_event_score(MET, NEXT_DAY) is not None  # within a day's window


def test_another_person_a_denial_another_week_or_other_words_are_not():
    for other in (OTHER_PERSON, DENIAL, WEEK_LATER, UNRELATED):
        assert same_event_score(MET, other) is None, other.text


def test_disjoint_issues_keep_claims_apart():
    elsewhere = replace(MET_AGAIN, issues=frozenset({"sanctions"}))

    assert same_event_score(MET, elsewhere) is None


def test_groups_are_complete_links_not_chains():
    groups = group_duplicates([MET, MET_AGAIN, NEXT_DAY, OTHER_PERSON, WEEK_LATER, UNRELATED])

    assert [group.members for group in groups] == [[1, 2, 3]]
    assert groups[0].articles == {1, 2, 3}


def test_a_claim_alike_to_only_one_member_does_not_join_the_group():
    # Alike to MET (same words) but two days after MET_AGAIN's date: it may not chain in.
    late = replace(NEXT_DAY, pk=8, start=date(2025, 3, 4), end=date(2025, 3, 4))
    early = replace(MET_AGAIN, start=date(2025, 3, 2), end=date(2025, 3, 2))

    groups = group_duplicates([MET, early, late])

    assert all({2, 8} - set(group.members) for group in groups)


def test_a_pair_an_editor_told_apart_never_shares_a_group():
    groups = group_duplicates([MET, MET_AGAIN, NEXT_DAY], distinct={frozenset((1, 3))})

    # 1 and 3 may each still pair with 2, but never sit in one group together.
    assert groups and all({1, 3} - set(group.members) for group in groups)
    assert [group.members for group in groups][0] in ([1, 2], [2, 3])
