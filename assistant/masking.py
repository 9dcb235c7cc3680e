"""The one masking function: identifiers are replaced before anything is
stored or logged. Called by the project's channels and by the masking
tracker store (for channels the project does not own, such as `rasa shell`).

Masks: labelled fields (Patient, Name, MRN, DOB, Accession, ...), e-mail
addresses, phone numbers and dates (of birth). Leaves report notation alone:
karyotypes (55,XY,+4,+10,+21), translocations (t(9;22)(q34;q11)),
percentages (0.02%), markers (CD19+).
"""
from __future__ import annotations

import re

# "Patient: Jane Doe", "MRN 12345678", "DOB: 01/02/2015", "Accession #: S24-1234"
_LABELS = (
    r"patient(?:\s+name)?|name|pt|mrn|medical\s+record(?:\s+(?:no|number|#))?|record\s+(?:no|number)|dob|d\.o\.b\.?|"
    r"date\s+of\s+birth|birth\s*date|accession(?:\s+(?:no|number|#))?|acc(?:ession)?\s*#|case\s+(?:no|number|#)|"
    r"specimen\s+(?:no|number|id)|nhs\s+(?:no|number)|ssn|social\s+security(?:\s+number)?|address|phone|tel|email|e-mail"
)
_LABELLED = re.compile(rf"(?im)\b({_LABELS})(\s*(?:#|no\.?|number)?\s*[:=#]\s*)(?=\S)([^\n,;|]*)")
# Labels specific enough to mask without a colon: "MRN 12345678", "DOB 1/2/2015".
_STRONG = re.compile(r"(?i)\b(mrn|dob|d\.o\.b\.?|accession|ssn)(\s+)(?=[^\s]*\d)(\S+)")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# Phone numbers: 7+ digits with separators, optional +country code; not
# karyotypes (commas) or decimals.
_PHONE = re.compile(r"(?<![\w.,+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{3,4}[\s.-]\d{3,4}(?:[\s.-]\d{2,4})?(?![\w.,%])")
# Dates such as 01/02/2015, 2015-02-01, 1.2.2015, 3 March 2015, March 3, 2015
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(
    rf"(?i)\b(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}|{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}})\b"
)

MASK = "[removed]"


def mask_identifiers(text: str) -> str:
    """The text with identifiers replaced by "[removed]"."""
    if not text:
        return text
    masked = _LABELLED.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)
    masked = _STRONG.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", masked)
    masked = _EMAIL.sub(MASK, masked)
    masked = _DATE.sub(MASK, masked)
    masked = _PHONE.sub(MASK, masked)
    return masked
