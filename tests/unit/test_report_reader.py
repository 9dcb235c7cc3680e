"""The report reader on the frozen synthetic excerpts (tests/reports/), and
what it must never do."""
import pytest
import yaml

from assistant.report_reader import load_reader
from tests.paths import REPO

EXCERPTS = yaml.safe_load((REPO / "tests/reports/excerpts.yml").read_text())["excerpts"]


@pytest.fixture(scope="module")
def reader():
    return load_reader()


def test_there_are_at_least_twenty_excerpts():
    assert len(EXCERPTS) >= 20


@pytest.mark.parametrize("excerpt", EXCERPTS, ids=[e["name"] for e in EXCERPTS])
def test_findings_and_polarity_in_report_order(reader, excerpt):
    result = reader.scan(excerpt["text"])
    assert [[f.id, f.result] for f in result.findings] == [list(e) for e in excerpt["expect"]]
    assert result.unknown == excerpt.get("unknown", [])


def test_names_numbers_and_accession_codes_are_never_listed(reader):
    text = "Patient: SMITH, JOHN  MRN 00112233  Accession BM24-00991  Case S24-1234\nCD19+ CD99+ TP53 wild type"
    unknown = reader.scan(text).unknown
    assert unknown == ["CD99", "TP53"]


def test_a_plain_question_is_not_a_report(reader):
    assert not reader.scan("what does cd19 positive mean").looks_like_report
    assert reader.scan("CD19+, CD10+, TdT+").looks_like_report
    assert reader.scan("55,XY,+4,+10,+21").looks_like_report


def test_notation_meanings_come_from_the_nomenclature_file(reader):
    findings = {f.id: f for f in reader.scan("CNS2. Karyotype 38,XX,-7. CD22 partial").findings}
    assert "CNS2" in reader.meaning(findings["cns"])
    assert "46" in reader.meaning(findings["hypodiploidy"])
    assert "some" in reader.meaning(findings["cd22"])


def test_a_verb_before_a_list_of_markers_governs_the_list(reader):
    # set P: a flow block that lists the markers after "expressing"
    text = ("FLOW CYTOMETRY: Abnormal population (78% of events) expressing CD19, CD10, CD22, cytoplasmic CD79a, "
            "TdT, CD34 (partial), HLA-DR; negative for CD3, CD7, MPO, CD20.")
    found = {f.id: f.result for f in reader.findings(text)}
    assert {k: found.get(k) for k in ("cd19", "cd10", "cd22", "cd79a", "tdt")} == dict.fromkeys(
        ("cd19", "cd10", "cd22", "cd79a", "tdt"), "positive")
    # not a verb far from the marker, with other words between
    assert {f.id: f.result for f in reader.findings("the doctor said it was expressing something, what is cd19")} == {"cd19": None}


def test_a_result_word_after_a_marker_governs_no_list_after_it(reader):
    # outside review, session 11
    assert {f.id: f.result for f in reader.findings("CD34 negative, CD19, CD10 and CD22 positive")}["cd19"] != "negative"
    assert {f.id: f.result for f in reader.findings("MRD negative, CD19 and CD10 were used to track it")}["cd19"] is None
    found = {f.id: f.result for f in reader.findings("blasts expressing CD19, CD10 but not CD20, CD34")}
    assert found["cd19"] == found["cd10"] == "positive" and found.get("cd20") != "positive"
