"""The dangerous readings found in issue 14, each read correctly now. The
clinician-review note in content/nomenclature.yml says what changed and why."""
import pytest

from assistant.report_reader import load_reader
from assistant.vocabulary import load_vocabulary


@pytest.fixture(scope="module")
def reader():
    return load_reader()


def read(reader, text):
    scan = reader.scan(text)
    return {f.id: f.result for f in scan.findings}, scan.unknown


def test_an_ikzf1_deletion_is_not_the_inherited_difference(reader):
    findings, unknown = read(reader, "FISH: IKZF1 deletion detected.")
    assert "gene_variants" not in findings and "IKZF1" in unknown
    assert "gene_variants" not in {m.finding.id for m in load_vocabulary().find("what does the IKZF1 deletion mean")}
    # The inherited difference the article names is still understood.
    assert "gene_variants" in {m.finding.id for m in load_vocabulary().find("is ikzf1 inherited")}


def test_an_etv6_deletion_without_the_fusion_is_not_the_fusion(reader):
    findings, unknown = read(reader, "ETV6 deletion detected; ETV6::RUNX1 fusion not detected")
    assert findings == {"etv6_runx1": "negative"} and "ETV6" in unknown


def test_trisomy_21_in_the_leukemia_cells_is_not_down_syndrome(reader):
    assert "down_syndrome" not in {m.finding.id for m in load_vocabulary().find("FISH: trisomy 21 in 80% of nuclei")}
    findings, _ = read(reader, "Karyotype: 47,XX,+21[12]/46,XX[8]")
    assert "down_syndrome" not in findings and findings["chromosome_tests"] == "47 chromosomes"


@pytest.mark.parametrize("text, count", [
    ("Karyotype: 48,XY,+X,+21[15]/46,XY[5]. Hyperdiploid clone.", "48 chromosomes"),
    ("low hyperdiploid karyotype 49,XX,+X,+21", "49 chromosomes"),
    ("70,XXY,+1,+2,+3,+4 near-triploid (possible doubled hypodiploid clone); hyperdiploid", "70 chromosomes"),
])
def test_hyperdiploid_words_are_read_by_the_count(reader, text, count):
    findings, _ = read(reader, text)
    assert "high_hyperdiploidy" not in findings and findings["chromosome_tests"] == count
    assert "not" in reader.meaning(next(f for f in reader.scan(text).findings if f.id == "chromosome_tests"))


def test_high_hyperdiploidy_is_still_read(reader):
    findings, _ = read(reader, "55,XY,+4,+6,+10,+14,+17,+18,+21,+21[15]")
    assert findings == {"high_hyperdiploidy": "55 chromosomes"}


def test_crlf2_is_not_always_ph_like(reader):
    findings, unknown = read(reader, "CRLF2 rearranged (P2RY8::CRLF2) by FISH; Ph-like signature: not detected")
    assert findings.get("ph_like") == "negative" and "CRLF2" in unknown


def test_a_chest_x_ray_is_not_radiation_treatment():
    assert "radiation" not in {m.finding.id for m in load_vocabulary().find("Clinical history: chest X rays normal")}
