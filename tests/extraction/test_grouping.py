from datetime import date

from claims.extraction import ClaimCandidate, extract_claims, group_candidates

PUBLISHED = date(2025, 2, 13)


def candidate(sentence: str) -> ClaimCandidate:
    (found,) = extract_claims(sentence, published=PUBLISHED)
    return found


def groups(*sentences: str) -> list[list[int]]:
    return group_candidates([candidate(s) for s in sentences])


def test_two_wordings_of_the_same_call_are_one_fact():
    assert groups(
        "トランプ大統領は12日、プーチン大統領と電話で会談した。",
        "トランプ米大統領は2月12日にプーチン大統領と電話会談を行った。",
    ) == [[0, 1]]


def test_naming_the_countries_as_well_is_still_the_same_fact():
    assert groups(
        "トランプ大統領は12日、プーチン大統領と電話で会談した。",
        "米国のトランプ大統領は12日、ロシアのプーチン大統領と電話で会談した。",
    ) == [[0, 1]]


def test_a_different_date_is_a_different_fact():
    assert groups(
        "トランプ大統領は12日、プーチン大統領と電話で会談した。",
        "トランプ大統領は13日、プーチン大統領と電話で会談した。",
    ) == [[0], [1]]


def test_a_different_person_is_a_different_fact():
    assert groups(
        "トランプ大統領は12日、プーチン大統領と電話で会談した。",
        "トランプ大統領は12日、ゼレンスキー大統領と電話で会談した。",
    ) == [[0], [1]]


def test_a_different_number_is_a_different_fact():
    assert groups(
        "両首脳は12日、エネルギー施設への攻撃を30日間止めることで一致した。",
        "両首脳は12日、エネルギー施設への攻撃を60日間止めることで一致した。",
    ) == [[0], [1]]


def test_a_denial_is_a_different_fact():
    assert groups(
        "ロシアは12日、米国の停戦案に合意した。",
        "ロシアは12日、米国の停戦案に合意したとの報道を否定した。",
    ) == [[0], [1]]


def test_a_negated_predicate_is_a_different_fact():
    assert groups(
        "ロシアは12日、米国の停戦案を受け入れた。",
        "ロシアは12日、米国の停戦案を受け入れなかった。",
    ) == [[0], [1]]


def test_a_verb_spelt_with_nai_is_no_negation():
    assert groups(
        "トランプ大統領は12日、プーチン大統領と電話会談を行い、停戦を協議した。",
        "トランプ大統領は12日、プーチン大統領と電話会談をおこない、停戦を協議した。",
    ) == [[0, 1]]


def test_the_same_words_from_another_speaker_are_a_different_fact():
    assert groups(
        "ロシアは12日、ウクライナが停戦を守っていないと非難した。",
        "ウクライナは12日、ロシアが停戦を守っていないと非難した。",
    ) == [[0], [1]]


def test_unrelated_sentences_on_the_same_day_stay_apart():
    assert groups(
        "トランプ大統領は12日、プーチン大統領と電話で会談した。",
        "トランプ大統領は12日、プーチン大統領への制裁を強化すると発表した。",
    ) == [[0], [1]]


def test_grouping_is_a_partition_in_order():
    sentences = [
        "トランプ大統領は12日、プーチン大統領と電話で会談した。",
        "ヘグセス国防長官は12日、ブリュッセルで演説した。",
        "トランプ米大統領は2月12日にプーチン大統領と電話会談を行った。",
    ]

    result = groups(*sentences)

    assert result == [[0, 2], [1]]
    assert sorted(i for group in result for i in group) == [0, 1, 2]


def test_no_candidates_no_groups():
    assert group_candidates([]) == []
