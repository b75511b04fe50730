"""How the index weighs a word: IDF, raised for rare domain words, lowered for question words, everyday words,
province tokens and words the knowledge base never uses."""

from __future__ import annotations

import pytest

from faq_engine import Entry
from faq_engine.index import (
    DOMAIN_BOOST,
    GENERIC_WEIGHT,
    HEAD_WEIGHT,
    PROVINCE_WEIGHT,
    QUESTION_WORD_WEIGHT,
    UNKNOWN_WEIGHT,
    TokenIndex,
)
from faq_engine.normalise import province_token


def entry(id_: str, question: str) -> Entry:
    return Entry(id_, "t", "national", question, (), f"sms {id_}", f"answer {id_}")


@pytest.fixture(scope="module")
def index() -> TokenIndex:
    # every word below is used by exactly one entry, so each has the same IDF: what differs is the factor
    return TokenIndex(
        [
            entry("a", "celban"),
            entry("b", "bridging"),
            entry("c", "help"),
            entry("d", "how"),
            entry("e", "tuesday"),
            entry("f", "in Yukon"),
            entry("g", "something else entirely"),
        ]
    )


def test_one_idf_for_words_used_by_one_entry(index: TokenIndex) -> None:
    assert index.idf["celban"] == index.idf["help"] == index.idf["how"] == index.idf["tuesday"]


def test_rare_domain_words_are_boosted(index: TokenIndex) -> None:
    assert DOMAIN_BOOST["celban"] == DOMAIN_BOOST["bridg"] == 1.5
    assert index.weight("celban") == pytest.approx(1.5 * index.idf["celban"])
    assert index.weight("bridg") == pytest.approx(1.5 * index.idf["bridg"])
    assert index.weight("celban") > index.weight("tuesday")


def test_question_words_weigh_little(index: TokenIndex) -> None:
    assert QUESTION_WORD_WEIGHT == 0.35
    assert index.weight("how") == pytest.approx(0.35 * index.idf["how"])
    assert index.weight("how") < index.weight("help") < index.weight("tuesday") < index.weight("celban")


def test_everyday_words_and_province_tokens_weigh_less_than_content_words(index: TokenIndex) -> None:
    assert index.weight("help") == pytest.approx(GENERIC_WEIGHT * index.idf["help"])
    yukon = province_token("YT")
    assert index.weight(yukon) == pytest.approx(PROVINCE_WEIGHT * index.idf[yukon])


def test_a_word_the_knowledge_base_never_uses_counts_half_in_a_message(index: TokenIndex) -> None:
    query = index.query([("celban zebra", 1.0)])
    assert query.weights["zebra"] == pytest.approx(UNKNOWN_WEIGHT * index.default_idf)
    assert query.weights["celban"] == pytest.approx(index.weight("celban"))


def test_the_domain_word_decides_not_the_question_word(index: TokenIndex) -> None:
    """'how' and 'celban' each match one entry: the CELBAN entry wins, by far."""
    scored = {index.entries[s.entry].id: s.score for s in index.score(index.query([("how celban", 1.0)]))}
    assert max(scored, key=scored.__getitem__) == "a"
    assert scored["a"] > 2 * scored["d"]


def test_the_word_a_which_question_asks_for_weighs_more(index: TokenIndex) -> None:
    """"which documents ..." asks for documents: the word after which/what is the question's topic."""
    query = index.query([("which tuesday celban", 1.0)])
    assert query.weights["tuesday"] == pytest.approx(HEAD_WEIGHT * index.weight("tuesday"))
    assert query.weights["celban"] == pytest.approx(index.weight("celban"))
    assert index.query([("celban tuesday", 1.0)]).weights["tuesday"] == pytest.approx(index.weight("tuesday"))
