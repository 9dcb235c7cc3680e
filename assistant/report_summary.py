"""The summary a family can keep after a pasted report: which findings the
article links with a better outlook or a higher risk, what they can mean for
treatment, and questions for the care team chosen by what the report holds.
The groups and wording are in content/report_summary.yml."""
from __future__ import annotations

from functools import lru_cache
from typing import Dict, List, Sequence

import yaml

from assistant.knowledge import KnowledgeBase
from assistant.report_context import ReportFinding
from assistant.vocabulary import CONTENT_DIR, load_vocabulary

SUMMARY_FILE = CONTENT_DIR / "report_summary.yml"


@lru_cache(maxsize=2)
def load_summary_content(language: str = "en") -> Dict:
    with open(SUMMARY_FILE, encoding="utf-8") as handle:
        content = yaml.safe_load(handle)
    if language == "es":
        from assistant.localization import spanish_summary
        content = spanish_summary(content)
    return content


def display_label(finding: ReportFinding, kb: KnowledgeBase) -> str:
    """The finding's name in the knowledge base's language, keeping what the
    reader added after it ("MRD (day 29)")."""
    english = load_vocabulary().findings.get(finding.id)
    own = kb.vocabulary.findings.get(finding.id)
    if english is None or own is None or own.label == english.label or not finding.label.startswith(english.label):
        return finding.label
    return own.label + finding.label[len(english.label):]


def _found(finding: ReportFinding) -> bool:
    """Found in the report: positive, a qualifier, a count, a value above zero."""
    result = (finding.result or "").strip()
    return bool(result) and result not in ("negative", "not tested") and not result.startswith("<")


def _mrd_not_detectable(finding: ReportFinding) -> bool:
    result = (finding.result or "").strip()
    return finding.id == "mrd" and (result == "negative" or result.startswith("<"))


def _counts_as_found(finding: ReportFinding) -> bool:
    """Found, and worth grouping (CNS1, no leukemia in the spinal fluid, is not)."""
    if finding.id == "cns":  # CNS2 or CNS3; a traumatic tap (TLP) is for the care team to weigh
        return (finding.result or "").upper()[:4] in ("CNS2", "CNS3")
    return _found(finding)


def finding_meaning(finding: ReportFinding, language: str = "en") -> str:
    """What the article says a found finding means: its outlook group, what
    it points to for treatment, whether it helps confirm B-ALL. Empty for a
    negative or a finding the article gives no such meaning."""
    content = load_summary_content(language)
    if _mrd_not_detectable(finding):
        return content["mrd_not_detectable"] + "."
    if not _counts_as_found(finding):
        return ""
    said = content["line_meanings"]
    parts = []
    if finding.id in content["better_outlook"]:
        parts.append(said["better"])
    if finding.id in content["higher_risk"]:
        parts.append(said["risk"])
    if finding.id in content["guides_treatment"]:
        parts.append(said["treatment"].format(text=content["guides_treatment"][finding.id]))
    if finding.id in content["confirms_b_all"] and finding.result in ("positive", "bright", "dim", "partial"):
        parts.append(said["confirms"])
    return " ".join(parts)


def summary_text(findings: Sequence[ReportFinding], kb: KnowledgeBase, language: str = "en") -> str:
    """Plain text, the same for the widget, the terminal and the portal."""
    content = load_summary_content(language)
    found = [f for f in findings if _counts_as_found(f)]
    ids = {f.id for f in found}
    label = {f.id: display_label(f, kb) for f in found}
    lines: List[str] = [content["heading"]]
    better = [label[i] for i in content["better_outlook"] if i in ids]
    if any(_mrd_not_detectable(f) for f in findings):
        better.append(content["mrd_not_detectable"])
    risk = [label[i] for i in content["higher_risk"] if i in ids]
    treatment = [f"{label[i]}: {text}" for i, text in content["guides_treatment"].items() if i in ids]
    for heading, items in ((content["better_heading"], better), (content["risk_heading"], risk),
                           (content["treatment_heading"], treatment)):
        if items:
            lines.append(heading)
            lines += [f"- {item}" for item in items]
    lines.append(content["questions_heading"])
    lines += [f"{n}. {kb.passage(p).question}" for n, p in enumerate(care_team_questions(findings, kb, language), 1)]
    lines.append(content["closing"])
    return "\n".join(lines)


def care_team_questions(findings: Sequence[ReportFinding], kb: KnowledgeBase, language: str = "en") -> List[str]:
    """Passage ids of the care-team questions that fit what the report holds
    (content/report_summary.yml), `always` last."""
    content = load_summary_content(language)
    types = {kb.vocabulary.findings[f.id].type for f in findings if f.id in kb.vocabulary.findings}
    chosen: List[str] = []
    for key, passages in content["questions"].items():
        wanted = key == "always" or key in types or any(f.id == key for f in findings)
        chosen += [p for p in passages if wanted and p not in chosen]
    return chosen
