"""Checks of a summary sentence the model wrote itself (summarize/verify/summary_sentence.py)."""

from __future__ import annotations

from hypothesis import given, strategies as st

from summarize.verify.summary_sentence import Attribution, check_summary_sentence

EVIDENCE = "Rebels fired at least eight rockets at the Saltmarsh naval base on Tuesday, wounding 17 sailors, according to the navy."
NAVY = [Attribution("figure", "the navy", "navy", ("17",))]


def test_a_faithful_attributed_rewrite_passes():
    text = "Rebels fired at least eight rockets at the Saltmarsh naval base on Tuesday, wounding 17 sailors, the navy said."
    assert check_summary_sentence(text, [EVIDENCE], NAVY, []) is None


def test_a_number_name_or_date_not_in_the_evidence_is_refused():
    assert "18" in check_summary_sentence("Rebels wounded 18 sailors, the navy said.", [EVIDENCE], NAVY, [])
    assert "kessa" in check_summary_sentence("Rebels fired rockets at Kessa on Tuesday.", [EVIDENCE], NAVY, [])
    assert "wed" in check_summary_sentence("Rebels fired rockets on Wednesday.", [EVIDENCE], NAVY, [])
    assert check_summary_sentence("Rebels fired rockets.", [], [], []) == "cites no evidence"


def test_an_attributed_figure_stated_as_fact_is_refused():
    reason = check_summary_sentence("Rebels wounded 17 sailors at the Saltmarsh naval base on Tuesday.", [EVIDENCE],
                                    NAVY, [])
    assert reason and "attributed to 'the navy'" in reason
    # The figure's source named without any attribution word is not enough either.
    assert check_summary_sentence("The navy base lost 17 sailors to wounds.", [EVIDENCE], NAVY, []) is not None


def test_blame_repeated_from_a_speaker_must_name_the_speaker():
    evidence = "The interior minister blamed the Larkmoor militia for the bombing."
    speaker = [Attribution("blame", "The interior minister", "minister")]
    assert check_summary_sentence("The Larkmoor militia was behind the bombing.", [evidence], speaker, []) is not None
    assert check_summary_sentence("The interior minister blamed the Larkmoor militia for the bombing.", [evidence],
                                  speaker, []) is None


def test_loaded_wording_in_its_own_voice_is_refused():
    reason = check_summary_sentence("Rebels fired rockets in a brutal attack.", [EVIDENCE], [], ["brutal"])
    assert reason == "loaded wording in its own voice: 'brutal'"


@given(number=st.integers(2, 5000), cue=st.sampled_from(["at least", "more than", "about", "up to", "fewer than"]))
def test_a_dropped_or_changed_qualifier_is_always_refused(number, cue):
    evidence = f"Officials said {cue} {number} people were evacuated from the valley."
    assert check_summary_sentence(f"Officials said {number} people were evacuated.", [evidence], [], []) is not None
    kept = f"Officials said {cue} {number} people were evacuated."
    assert check_summary_sentence(kept, [evidence], [], []) is None
