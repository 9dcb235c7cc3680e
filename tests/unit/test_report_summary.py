"""The summary a family can keep: outlook groups from the article, negatives
never listed as linked, treatment pointers, questions chosen by the report."""
from assistant.knowledge import load_knowledge
from assistant.report_context import ReportFinding
from assistant.report_summary import summary_text


def summary(*findings):
    return summary_text([ReportFinding(i, label, result) for i, label, result in findings], load_knowledge())


def test_found_findings_are_grouped_as_the_article_groups_them():
    text = summary(("etv6_runx1", "ETV6::RUNX1", "positive"), ("kmt2a", "KMT2A rearrangement", "positive"))
    better, risk = text.index("better outlook"), text.index("higher risk")
    assert better < text.index("ETV6::RUNX1") < risk < text.index("KMT2A rearrangement")
    assert "stronger treatment" in text


def test_negative_findings_are_never_listed_as_linked():
    text = summary(("bcr_abl1", "BCR::ABL1 (Philadelphia chromosome)", "negative"),
                   ("high_hyperdiploidy", "high hyperdiploidy", "negative"))
    assert "Philadelphia" not in text and "hyperdiploidy" not in text
    assert "better outlook" not in text and "higher risk" not in text


def test_treatment_pointers_and_tailored_questions():
    text = summary(("bcr_abl1", "BCR::ABL1 (Philadelphia chromosome)", "positive"), ("cns", "CNS", "CNS3"),
                   ("mrd", "MRD (day 29)", "0.08%"))
    assert "tyrosine kinase inhibitors" in text and "aimed at the brain and spinal cord" in text
    assert "Will I need treatment aimed at the brain and spinal cord?" in text
    assert "How will my MRD be tested" in text
    assert text.rstrip().endswith("for you or your child.")


def test_mrd_not_detectable_is_named_as_a_favorable_sign():
    assert "MRD not detectable" in summary(("mrd", "MRD (end of induction)", "<0.01%"))
    assert "MRD not detectable" not in summary(("mrd", "MRD (end of induction)", "0.02%"))
