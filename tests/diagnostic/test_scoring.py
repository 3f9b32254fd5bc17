"""The pure level function: every skill gets a level, more points never lower one, and
answers that do not fit the questionnaire name the question."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.diagnostic.scoring import (
    AnswerError,
    LevelSpec,
    QuestionnaireSpec,
    QuestionSpec,
    SkillSpec,
    level_of,
    levels_from_answers,
)

FOUR = (
    LevelSpec("Débutant", 0, True),
    LevelSpec("Initié", 30, True),
    LevelSpec("Autonome", 60),
    LevelSpec("Expert", 90),
)


@st.composite
def questionnaires(draw):
    skills = draw(st.integers(min_value=1, max_value=5))
    specs = []
    for index in range(skills):
        thresholds = draw(st.sets(st.integers(min_value=0, max_value=100), max_size=5))
        levels = tuple(
            LevelSpec(f"N{t}", t, draw(st.booleans()))
            for t in draw(st.permutations(sorted(thresholds)))
        )
        specs.append(SkillSpec(slug=f"s{index}", levels=levels))
    questions, choice_id = [], 0
    for question_id in range(draw(st.integers(min_value=0, max_value=10))):
        points = draw(st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=4))
        choices = {}
        for value in points:
            choice_id += 1
            choices[choice_id] = value
        skill = draw(st.sampled_from(specs)).slug
        questions.append(QuestionSpec(id=question_id, skill=skill, choices=choices))
    return QuestionnaireSpec(skills=tuple(specs), questions=tuple(questions))


@st.composite
def two_ordered_answer_sets(draw):
    """A questionnaire and two answer sets where the second earns at least as many points
    as the first on every question."""
    questionnaire = draw(questionnaires())
    low, high = {}, {}
    for question in questionnaire.questions:
        ranked = sorted(question.choices, key=lambda c: question.choices[c])
        i = draw(st.integers(min_value=0, max_value=len(ranked) - 1))
        j = draw(st.integers(min_value=i, max_value=len(ranked) - 1))
        low[question.id], high[question.id] = ranked[i], ranked[j]
    return questionnaire, low, high


@given(two_ordered_answer_sets())
def test_more_points_never_lower_a_level(case):
    questionnaire, low, high = case
    before = levels_from_answers(questionnaire, low)
    after = levels_from_answers(questionnaire, high)
    for slug in before:
        assert after[slug].points >= before[slug].points
        assert after[slug].rank >= before[slug].rank


@given(two_ordered_answer_sets())
def test_every_skill_gets_a_level_of_its_own_list(case):
    questionnaire, answers, _high = case
    levels = levels_from_answers(questionnaire, answers)
    assert list(levels) == [skill.slug for skill in questionnaire.skills]
    for skill in questionnaire.skills:
        level = levels[skill.slug]
        assert 0 <= level.points <= level.max_points
        if skill.levels:
            assert level.name in {spec.name for spec in skill.levels}


@given(st.lists(st.integers(0, 100), min_size=1, max_size=6, unique=True), st.floats(0, 100))
def test_level_is_the_highest_threshold_reached(thresholds, percent):
    levels = tuple(LevelSpec(f"N{t}", t) for t in thresholds)
    _rank, level = level_of(levels, percent)
    reached = [t for t in thresholds if t <= percent]
    assert level.min_percent == (max(reached) if reached else min(thresholds))


def one_skill(points_per_question):
    questions = tuple(
        QuestionSpec(id=n, skill="s", choices={10 * n + p: p for p in range(4)})
        for n in range(len(points_per_question))
    )
    answers = {n: 10 * n + p for n, p in enumerate(points_per_question)}
    return QuestionnaireSpec(skills=(SkillSpec("s", FOUR),), questions=questions), answers


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ((0, 0), "Débutant"),
        ((1, 0), "Débutant"),  # 17 %
        ((1, 1), "Initié"),  # 33 %
        ((2, 2), "Autonome"),  # 67 %
        ((3, 2), "Autonome"),  # 83 %
        ((3, 3), "Expert"),
    ],
)
def test_default_thresholds(points, expected):
    questionnaire, answers = one_skill(points)
    level = levels_from_answers(questionnaire, answers)["s"]
    assert level.name == expected
    assert level.recommend == (expected in ("Débutant", "Initié"))


def test_answers_that_do_not_fit_name_the_question():
    questionnaire, answers = one_skill((1, 2))
    with pytest.raises(AnswerError) as missing:
        levels_from_answers(questionnaire, {0: answers[0]})
    assert (missing.value.question, missing.value.reason) == (1, "missing")
    with pytest.raises(AnswerError) as foreign:
        levels_from_answers(questionnaire, {0: answers[1], 1: answers[1]})
    assert (foreign.value.question, foreign.value.reason) == (0, "not_a_choice")
    with pytest.raises(AnswerError) as unknown:
        levels_from_answers(questionnaire, {**answers, 99: 1})
    assert (unknown.value.question, unknown.value.reason) == (99, "unknown_question")
