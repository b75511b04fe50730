"""The province rule as an invariant: a decision never answers nor offers another province's entry.

A decision's ``faq_id`` and ``suggestions`` are national entries or entries of the member's province or of a
province the message names. Checked over the bundled knowledge base's own phrasings (the province-specific ones
included, which are what tempts the engine), word salads of its vocabulary, and member-style messages, with
every province, an unknown province, both channels and a place named or not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faq_engine import Decision, FaqEngine, load_knowledge_base
from faq_engine.engine import variant_family
from faq_engine.guards import provinces_mentioned
from faq_engine.model import PROVINCES

BUNDLED = Path(__file__).resolve().parents[1] / "peerline" / "data" / "knowledge_base.yaml"
ENGINE = FaqEngine(load_knowledge_base(BUNDLED))
PHRASINGS = sorted({p for e in ENGINE.entries for p in e.phrasings})
VOCABULARY = sorted({w for p in PHRASINGS for w in p.lower().replace("?", " ").split() if len(w) > 2})
MEMBER_STYLE = [
    "je suis technologiste formé à l'étranger, par où commencer?",
    "can i work in a lab while waiting for my exam results",
    "C'est combien l'examen?",
    "can I work before registration?",
    "hw do i get my permit pls",
    "Hello,\n\nI moved here last month with my family. Can I work as a lab assistant while I wait for my licence? "
    "Which regulator do I write to?\n\nThanks, Amina",
    "do i need french to work in a lab",
    "whats the provisional permit",
]
PLACES = ["", " in Alberta", " I am in Quebec.", " I live in Toronto.", " Je suis à Moncton.", " (BC)", " in Yukon"]


def allowed_provinces(text: str, province: str | None) -> set[str]:
    return {p for p in (province, *provinces_mentioned(text)) if p}


def offered(decision: Decision) -> list[str]:
    return [i for i in (decision.faq_id, *decision.suggestions) if i is not None]


def assert_no_other_province(text: str, province: str | None, channel: str) -> None:
    decision = ENGINE.decide(text, province=province, channel=channel)
    allowed = allowed_provinces(text, province)
    for faq_id in offered(decision):
        entry = ENGINE.entry(faq_id)
        assert entry.is_national or entry.province in allowed, (
            f"{text!r} (member in {province}): {decision.decision} offers {faq_id} ({entry.province})"
        )


messages = st.one_of(
    st.sampled_from(PHRASINGS + MEMBER_STYLE),
    st.lists(st.sampled_from(VOCABULARY), min_size=2, max_size=12).map(" ".join),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=messages,
    place=st.sampled_from(PLACES),
    province=st.sampled_from([None, *PROVINCES]),
    channel=st.sampled_from(["sms", "email"]),
)
def test_no_decision_offers_another_provinces_entry(text: str, place: str, province: str | None, channel: str) -> None:
    assert_no_other_province(text + place, province, channel)


@pytest.mark.parametrize("province", [None, *PROVINCES])
def test_every_province_specific_phrasing_for_every_member_province(province: str | None) -> None:
    """Exhaustive over the phrasings of province-specific entries: the ones most likely to leak."""
    for entry in ENGINE.entries:
        if entry.is_national:
            continue
        for text in entry.phrasings:
            assert_no_other_province(text, province, "sms")


@pytest.mark.parametrize(
    ("text", "province"),
    [
        ("je suis technologiste formé à l'étranger, par où commencer?", "ON"),
        ("je suis technologiste formé à l'étranger, par où commencer?", "NB"),
        ("can i work in a lab while waiting for my exam results", "ON"),
    ],
)
def test_reported_leaks(text: str, province: str) -> None:
    decision = ENGINE.decide(text, province=province)
    assert all(ENGINE.entry(i).province in ("national", province) for i in offered(decision)), decision


@pytest.mark.parametrize("province", ["ON", "SK", "QC", "PE"])
def test_another_provinces_wording_leads_to_the_members_variant(province: str) -> None:
    """The Alberta entry's wording matched best: the member's own variant of that question is the answer."""
    decision = ENGINE.decide("can i work in a lab while waiting for my exam results", province=province)
    assert (decision.decision, decision.faq_id) == ("answer", f"cexp-{province.lower()}")


def test_variant_family_is_read_from_the_id() -> None:
    assert variant_family(ENGINE.entry("cexp-on")) == "cexp"
    assert variant_family(ENGINE.entry("cred-qc-optmq")) is None  # its province is not the last part
    assert variant_family(ENGINE.entry("cexp-general")) is None  # national
