"""Report context: findings a patient's report lists, normalised to the
knowledge base's canonical ids. Used by the portal channel for the findings
in a verified token, and by the report reader for pasted text; both go
through the one normaliser (assistant.vocabulary)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from assistant.vocabulary import Vocabulary, load_vocabulary

# Keys that would carry a person's identity. Report context must not.
IDENTIFIER_KEYS = {
    "name", "patient", "patient_name", "patientname", "given_name", "family_name", "first_name", "last_name",
    "full_name", "mrn", "medical_record_number", "dob", "date_of_birth", "birthdate", "birth_date", "ssn",
    "email", "phone", "telephone", "address", "accession", "accession_number", "nhs_number",
}
POSITIVE = {"positive", "detected", "present", "pos", "+", "yes", "found"}
NEGATIVE = {"negative", "not detected", "absent", "neg", "-", "no", "not found", "undetectable"}
QUALIFIED = {"dim", "partial", "weak", "bright", "variable"}
_VALUE = re.compile(r"^[<>]?\s*\d+(?:\.\d+)?\s*%?$")
_CNS = re.compile(r"^cns\s*([123][a-c]?)$", re.IGNORECASE)
MAX_FINDINGS = 50


class ReportError(ValueError):
    """Report context that is refused; `field` names where."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class ReportFinding:
    id: str
    label: str
    result: Optional[str] = None  # positive | negative | dim | partial | ... | a value such as "0.02%" | "CNS1"

    def describe(self) -> str:
        """How the assistant says it: "BCR::ABL1 (Philadelphia chromosome): not detected"."""
        if not self.result:
            return self.label
        wording = {"positive": "detected / positive", "negative": "not detected / negative"}.get(self.result, self.result)
        return f"{self.label}: {wording}"

    def as_dict(self) -> Dict[str, Optional[str]]:
        return {"id": self.id, "label": self.label, "result": self.result}


def find_identifier_keys(value: Any, path: str = "") -> Optional[str]:
    """The path of the first identifier-like key anywhere in `value`."""
    if isinstance(value, dict):
        for key, inner in value.items():
            here = f"{path}.{key}" if path else str(key)
            if str(key).lower().replace("-", "_") in IDENTIFIER_KEYS:
                return here
            found = find_identifier_keys(inner, here)
            if found:
                return found
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            found = find_identifier_keys(inner, f"{path}[{n}]")
            if found:
                return found
    return None


def normalise_result(raw: Any, field: str) -> Optional[str]:
    if raw is None:
        return None
    if not isinstance(raw, str) or len(raw) > 40:
        raise ReportError(field, "must be a short text such as 'detected', 'negative', 'dim' or '0.02%'")
    text = " ".join(raw.strip().lower().split())
    if text in POSITIVE:
        return "positive"
    if text in NEGATIVE:
        return "negative"
    if text in QUALIFIED or _VALUE.match(text):
        return text
    cns = _CNS.match(text)
    if cns:
        return f"CNS{cns.group(1).lower()}"
    raise ReportError(field, f"unknown result {raw!r}")


def normalise_report(claim: Any, vocabulary: Optional[Vocabulary] = None) -> List[ReportFinding]:
    """Validated findings from a portal's report claim:
    {"findings": [{"id": "BCR::ABL1", "result": "detected"}, ...], "cns_status": "CNS1"}."""
    vocabulary = vocabulary or load_vocabulary()
    if claim is None:
        return []
    if not isinstance(claim, dict):
        raise ReportError("report", "must be an object")
    identifier = find_identifier_keys(claim, "report")
    if identifier:
        raise ReportError(identifier, "identifiers (names, record numbers, dates of birth) are not accepted")
    unknown = set(claim) - {"findings", "cns_status"}
    if unknown:
        raise ReportError(f"report.{sorted(unknown)[0]}", "unknown field")
    items = claim.get("findings", [])
    if not isinstance(items, list) or len(items) > MAX_FINDINGS:
        raise ReportError("report.findings", f"must be a list of at most {MAX_FINDINGS} findings")
    findings: List[ReportFinding] = []
    for n, item in enumerate(items):
        field = f"report.findings[{n}]"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise ReportError(f"{field}.id", "each finding needs an 'id' text")
        canonical = vocabulary.normalise(item["id"])
        if canonical is None:
            raise ReportError(f"{field}.id", f"unknown finding {item['id'][:40]!r}")
        extra = set(item) - {"id", "result"}
        if extra:
            raise ReportError(f"{field}.{sorted(extra)[0]}", "unknown field")
        findings.append(ReportFinding(canonical, vocabulary.findings[canonical].label,
                                      normalise_result(item.get("result"), f"{field}.result")))
    if "cns_status" in claim:
        result = normalise_result(claim["cns_status"], "report.cns_status")
        if not (result or "").startswith("CNS"):
            raise ReportError("report.cns_status", "must be CNS1, CNS2 or CNS3")
        findings.append(ReportFinding("cns", vocabulary.findings["cns"].label, result))
    return findings
