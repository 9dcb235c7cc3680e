"""Masking measured on the frozen masking set (written blind), and the
red-team's cases (issue 13): identifiers masked before anything is stored or
logged, report notation never changed, ordinary messages left alone."""
import pytest

from assistant.masking import MASK, mask_identifiers
from benchmarks.masking import SETS, load, measure, ordinary_messages


@pytest.fixture(scope="module")
def figures():
    assert SETS, "the frozen masking set is missing"
    return measure(mask_identifiers, load(SETS[0]))


def test_at_least_98_percent_of_identifiers_are_masked(figures):
    assert figures.recall >= 0.98, figures.misses


def test_no_report_line_is_changed(figures):
    assert figures.damaged == []


def test_messages_without_identifiers_are_left_alone(figures):
    assert figures.clean_changed == 0, figures.damaged_messages


def test_ordinary_messages_are_rarely_touched():
    texts = ordinary_messages()
    changed = [t for t in texts if mask_identifiers(t) != t]
    assert len(changed) <= 0.005 * len(texts), changed[:20]


@pytest.mark.parametrize("text, secret", [
    ("my son liam has b-all", "liam"),
    ("dr. patel said it was good news", "patel"),
    ("Dr. Nguyen told us about hyperdiploidy", "Nguyen"),
    ("please call (217) 555-0142, thanks", "555-0142"),
    ("call 2175550142 after 5pm", "2175550142"),
    ("she was born 4th March 2015", "4th March 2015"),
    ("DOB 2015/03/04", "2015/03/04"),
    ("his record number is 00123456", "00123456"),
    ("hospital number: H1234567", "H1234567"),
    ("case no S24-01234 says hemodilute", "S24-01234"),
    ("accession no. 24-S-5678", "24-S-5678"),
    ("Acc: SP24-12345", "SP24-12345"),
    ("MRN [removed] 12 34 56 - sorry", "12 34 56"),
    ("we live at 1423 Maple Ave, Peoria, IL 61604", "1423 Maple Ave"),
    ("88 Kingsway Road, Leeds LS6 2QT", "LS6 2QT"),
    ("my email is jane.doe@example.com", "jane.doe@example.com"),
    ("my daughter emma (born 12-06-2019) had MRD", "emma"),
])
def test_red_team_identifiers_are_masked(text, secret):
    masked = mask_identifiers(text)
    assert secret not in masked and MASK in masked, masked


@pytest.mark.parametrize("line", [
    "1 in 100 000 events", "WBC 125 000/uL", "blasts 12.5-13.5%", "47,XX,+21[12]/46,XX[8]",
    "46,XY,t(9;22)(q34.1;q11.2)[20]", "nuc ish(ABL1,BCR)x3(ABL1 con BCR)x2[180/200]", "MRD 0.02% (1 in 5,000 cells)",
    "NGS MRD 1.2 x 10^-5 at day 29", "platelets 23 x10^9/L", "CD19+, CD10 bright, CD20 partial (30%)",
    "JAK2 p.R683G variant, VAF 38%", "FISH: IKZF1 deletion detected.", "what does ARID5B mean", "bcr::abl1 b-all",
])
def test_report_notation_is_never_changed(line):
    assert mask_identifiers(line) == line


@pytest.mark.parametrize("text, secret, kept", [
    ("born 04.05.2016, 90% blasts", "04.05.2016", "90% blasts"),
    ("MRN 00123456 100% sure", "00123456", "100%"),
    ("call 555 123 4567, 100% of the time", "555 123 4567", "100%"),
    ("MRN 12345678 12 cells", "12345678", "12 cells"),
])
def test_identifiers_next_to_notation_are_masked_and_the_notation_kept(text, secret, kept):
    masked = mask_identifiers(text)
    assert secret not in masked and kept in masked, masked


