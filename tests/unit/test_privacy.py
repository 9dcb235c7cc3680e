"""Masking of identifiers, report context validation, and the masking
tracker store's helpers."""
import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.masking import MASK, mask_identifiers
from assistant.report_context import ReportError, normalise_report
from stores.tracker_store import deletion_requested, mask_tracker

REPORT = """Patient: Jane Q. Doe
MRN: 00123456
DOB: 04/07/2016
Accession #: HP24-5521
Contact: jane.doe@example.com, 555-201-3344
Karyotype: 55,XY,+4,+10,+21[18]/46,XY[2]
FISH: BCR::ABL1 t(9;22)(q34;q11) not detected
MRD 0.02% by flow; CD19+, CD10+, TdT+; blasts 88%"""


def test_identifiers_are_masked():
    masked = mask_identifiers(REPORT)
    for identifier in ["Jane Q. Doe", "00123456", "04/07/2016", "HP24-5521", "jane.doe@example.com", "555-201-3344"]:
        assert identifier not in masked
    # One mark a field: the contact line's e-mail and phone are one field.
    assert masked.count(MASK) >= 5


@pytest.mark.parametrize("notation", ["55,XY,+4,+10,+21", "t(9;22)(q34;q11)", "0.02%", "CD19+", "88%", "46,XY[2]"])
def test_report_notation_is_left_intact(notation):
    assert notation in mask_identifiers(REPORT)


@pytest.mark.parametrize("text", ["my son was born on March 3, 2015", "born 2015-03-03", "call 617 555 0199",
                                  "Name: Sam Smith", "DOB 3/3/2015"])
def test_more_identifiers(text):
    assert MASK in mask_identifiers(text)


@pytest.mark.parametrize("text", ["what is the name of the test", "what does MRD 0.01% mean", "WBC 45.2 x10^9/L",
                                  "46,XX,t(12;21)(p13;q22)[20]", "i am 34 years old"])
def test_ordinary_text_is_untouched(text):
    assert mask_identifiers(text) == text


def test_tracker_masking_covers_text_and_parse_data():
    tracker = DialogueStateTracker.from_events("s", [UserUttered("Patient: Jane Doe, what is MRD?",
                                                                 parse_data={"text": "Patient: Jane Doe, what is MRD?"})])
    mask_tracker(tracker)
    event = tracker.events[-1]
    assert "Jane" not in event.text and "Jane" not in event.parse_data["text"]
    assert "Jane" not in str(event.as_dict())


def test_deletion_is_requested_only_by_the_delete_action():
    asked = DialogueStateTracker.from_events("s", [UserUttered("delete my chat"), ActionExecuted("action_delete_conversation"),
                                                   BotUttered("Done"), ActionExecuted("action_listen")])
    other = DialogueStateTracker.from_events("s", [UserUttered("hi"), ActionExecuted("action_topic_menu")])
    assert deletion_requested(asked) and not deletion_requested(other)


def test_report_context_is_normalised_to_canonical_ids():
    findings = normalise_report({"findings": [{"id": "Philadelphia chromosome", "result": "not detected"},
                                              {"id": "TEL-AML1", "result": "detected"}], "cns_status": "CNS1"})
    assert [(f.id, f.result) for f in findings] == [("bcr_abl1", "negative"), ("etv6_runx1", "positive"), ("cns", "CNS1")]


@pytest.mark.parametrize("claim, field", [
    ({"findings": [{"id": "made-up-gene"}]}, "report.findings[0].id"),
    ({"findings": [{"id": "cd19", "result": "perhaps"}]}, "report.findings[0].result"),
    ({"patient_name": "Jane"}, "report.patient_name"),
    ({"findings": [{"id": "cd19", "dob": "2015-01-01"}]}, "report.findings[0].dob"),
    ({"cns_status": "positive"}, "report.cns_status"),
    ("not an object", "report"),
])
def test_bad_report_context_names_the_field(claim, field):
    with pytest.raises(ReportError) as refused:
        normalise_report(claim)
    assert refused.value.field == field


def test_tracker_masking_covers_the_question_parts():
    text = "Patient: Jane Doe. what is MRD? and is it bad?"
    parts = [{"text": "Patient: Jane Doe. what is MRD?", "findings": ["mrd"], "ranking": []}]
    tracker = DialogueStateTracker.from_events("s", [UserUttered(text, parse_data={"text": text, "question_parts": parts})])
    mask_tracker(tracker)
    assert "Jane" not in str(tracker.events[-1].as_dict())
