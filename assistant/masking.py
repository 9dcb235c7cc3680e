"""The one masking function: identifiers are replaced by "[removed]" before
anything is stored or logged. Called by the project's channels and by the
masking tracker store (for channels the project does not own, such as
`rasa shell`).

Each recogniser below finds spans in the original text; spans that touch
report notation (karyotypes, translocations, markers, percentages, counts
with units, MRD notation) are dropped, so "WBC 125 000/uL", "1 in 100 000
events" and "47,XX,+21[12]" stay whole; the rest are replaced. Lists of
labels, cues and words are in content/masking.yml; names in
assistant/names.py. Measured on tests/blind/*-masking (make bench-masking).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterable, List, Tuple


from assistant.names import find_names, masking_content

MASK = "[removed]"
Span = Tuple[int, int]

_EMAIL = re.compile(r"\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}\b")
_SPELLED_EMAIL = re.compile(r"(?i)\b[\w.+-]{1,64}\s+(?:at|\[at\])\s+[\w-]{1,63}\s+(?:dot|\[dot\])\s+[a-z]{2,6}(?:\s+dot\s+[a-z]{2})?\b")
_URL = re.compile(r"(?i)\b(?:https?://|www\.|(?:instagram|facebook|fb|tiktok|twitter|youtube|linkedin|gofundme|"
                  r"caringbridge|threads)\.com/)[^\s<>\"']+")
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
_SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
_TAX_CODE = re.compile(r"\b[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]\b")
# Phone numbers: 7-15 digits in groups, with an optional +country code and
# an area code in brackets; never followed by a unit, a percent or "x10".
_PHONE = re.compile(
    r"(?<![\w.,+/^-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,6}(?:[\s.-]\d{2,6}){1,4}(?![\w%/^]|[.,]\d|\s?(?:x|×)\s?10)"
    r"|(?<![\w.,+/^-])\+?\d{10,15}\b(?![%/.,]\d)")
_LONG_NUMBER = re.compile(r"(?<![\w.,/^+-])\d{7,}(?![\w%/]|[.,]\d)")
# Record-like codes: letters, digits and dashes with at least 5 digits
# ("SP24-12345", "24-S-5678", "H1234567", "CR-2025-00417", "1EG4-TE5-MK73").
_CODE = re.compile(r"(?<![\w(:;,.+/-])(?=(?:[A-Za-z-]{0,12}\d){5})(?=[A-Za-z0-9-]{0,30}[A-Za-z-])[A-Za-z0-9]{1,30}(?:-[A-Za-z0-9]{1,30}){0,5}(?![\w(:;+/])"
                   r"|\b(?=[A-Z0-9-]{0,30}\d)(?=[A-Z0-9-]{0,30}[A-Z])[A-Z0-9]{2,5}(?:-[A-Z0-9]{2,5}){2,6}\b")
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
           r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
           r"sep?tiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|"
           r"novembro|dezembro|januari|februari|maart|mei|juni|juli|augustus|oktober)\.?")
_DAY = r"\d{1,2}(?:st|nd|rd|th|º)?"
_DATE = re.compile(
    rf"(?i)\b(?:\d{{1,2}}([/.-])\d{{1,2}}\1\d{{2,4}}|\d{{4}}([/.-])\d{{1,2}}\2\d{{1,2}}|"
    rf"{_DAY}\s+(?:of\s+|de\s+)?{_MONTHS}(?:,?\s+(?:de\s+)?\d{{2,4}})?|"
    rf"{_MONTHS}\s+{_DAY}(?:,?\s+\d{{4}})?|{_MONTHS}\s+\d{{4}}|\d{{4}}年\d{{1,2}}月\d{{1,2}}日)(?![\w%'’])")
# Day/month without a year, only where a date is expected ("on 6/1").
_SHORT_DATE = re.compile(r"(?i)\b(?:on|since|from|until|by|born|dated|dx|diagnosed|started|el|desde)\s+(\d{1,2}/\d{1,2})(?![\d/%])")
_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}|[A-Z]{2}\s\d{5}(?:-\d{4})?)\b")
_PO_BOX = re.compile(r"(?i)\bp\.?\s?o\.?\s+box\s+\d+")
# Report notation that masking must never touch.
_NOTATION = re.compile(
    r"\b\d{2,3},\s?(?:X{1,4}Y{0,2}|Y)\b[^\s]*"                               # karyotypes 47,XX,+21[12]
    r"|\b(?:t|del|dup|inv|add|der|i|idic|ider|dic|ins|r)\(\w+(?:;\w+)?\)(?:\([\w.;]+\))?"  # t(9;22)(q34;q11)
    r"|\[\d+(?:/\d+)?\]"                                                     # [20], [180/200]
    r"|(?<![\d.,])\d+(?:[.,]\d+)?(?:\s?[-–]\s?\d+(?:[.,]\d+)?)?\s?%"              # 0.02%, 12.5-13.5%
    r"|\b\d[\d,.]{0,12}(?:[ ]\d{3}){0,3}[ ]?(?:x[ ]?10\^?\d+/L|/[ ]?(?:uL|µL|ul|mm3|mm³|L|dL)|g/dL|cells|events|nuclei)"  # counts
    r"|\b\d(?:\.\d+)?\s?(?:x|×)\s?10\^?-?\d+"                                # 1.2 x 10^-4
    r"|\b(?:CD|cyCD|cCD)\d+[a-z]?\b"                                         # CD19
    r"|\b[A-Z][A-Z0-9]+::[A-Z][A-Z0-9]+\b"                                   # ETV6::RUNX1
)


@lru_cache(maxsize=1)
def _labels() -> Tuple[re.Pattern, re.Pattern, re.Pattern]:
    """Patterns for labelled fields: records, names, dates and contacts."""
    data = masking_content()

    def alternatives(words: Iterable[str]) -> str:
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))

    separator = r"\s*(?:#|no\.?|number|id)?\s*(?:is\s+|was\s+|[:=#]\s*|-\s+|\s+)"
    record = re.compile(rf"(?i)\b(?:{alternatives(data['record_labels'])}){separator}"
                        rf"(?=[\w-]*\d)([A-Za-z0-9][\w-]*(?:[ ]\d{{2,4}})*)")
    name = re.compile(rf"(?im)(?:^|[/|][ \t]{{0,3}})(?:{alternatives(data['name_labels'])})[ \t]{{0,3}}[:=][ \t]{{0,3}}"
                      rf"([^\n/|( \t][^\n/|(]{{0,60}}?)[ \t]*(?=$|\n|/|\||\()")
    other = re.compile(rf"(?i)\b(?:{alternatives(data['date_labels'] + data['contact_labels'])})[ \t]{{0,3}}[:=#][ \t]{{0,3}}"
                       rf"([^\n;| \t][^\n;|]{{0,80}}?)(?=[ \t]*(?:$|\n|;|\||[ \t]/[ \t]|,[ \t]+[A-Za-z]+:))")
    return record, name, other


@lru_cache(maxsize=1)
def _address() -> re.Pattern:
    data = masking_content()
    suffixes = "|".join(sorted(data["street_suffixes"], key=len, reverse=True))
    prefixes = "|".join(sorted(data["street_prefixes"], key=len, reverse=True))
    place = r"(?:,\s*(?:[A-ZÀ-Ý][\wÀ-ÿ.'-]{0,30}\.?(?:\s+(?:de\s+)?[A-ZÀ-Ý][\wÀ-ÿ.'-]{0,30}){0,4}|\d{5}(?:\s+[A-ZÀ-Ý][\wÀ-ÿ'-]{0,30}){1,4}|[A-Z]{2}\s\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}))"
    return re.compile(
        rf"(?:\b\d{{1,5}}[A-Za-z]?\s+(?:[A-ZÀ-Ý][\wÀ-ÿ'-]*\s+){{0,3}}(?i:{suffixes})\b\.?|"
        rf"\b(?i:{prefixes})\.?\s+(?:[\wÀ-ÿ'-]+\s+){{0,4}}?\d{{1,5}}\b|"
        rf"\b\d{{1,5}}\s+(?i:{prefixes})\.?\s+[A-Za-zÀ-ÿ'-]{{1,30}}(?:\s+[A-Za-zÀ-ÿ'-]{{1,30}}){{0,3}}(?=,))"
        rf"(?:{place}){{0,4}}")


def _matches(pattern: re.Pattern, text: str, group: int = 0) -> List[Span]:
    return [m.span(group) for m in pattern.finditer(text) if m.group(group)]


RECOGNISERS: List[Callable[[str], List[Span]]] = [
    lambda t: _matches(_EMAIL, t),
    lambda t: _matches(_SPELLED_EMAIL, t),
    lambda t: _matches(_URL, t),
    lambda t: _matches(_HANDLE, t),
    lambda t: _matches(_SSN, t),
    lambda t: _matches(_TAX_CODE, t),
    lambda t: _matches(_labels()[0], t, 1),
    lambda t: _matches(_labels()[1], t, 1),
    lambda t: _matches(_labels()[2], t, 1),
    lambda t: _matches(_DATE, t),
    lambda t: _matches(_SHORT_DATE, t, 1),
    lambda t: _matches(_address(), t),
    lambda t: _matches(_POSTCODE, t),
    lambda t: _matches(_PO_BOX, t),
    lambda t: [span for span in _matches(_PHONE, t) if sum(c.isdigit() for c in t[span[0]:span[1]]) >= 7],
    lambda t: _matches(_LONG_NUMBER, t),
    lambda t: _matches(_CODE, t),
    find_names,
]


def identifier_spans(text: str) -> List[Span]:
    """Merged spans of identifiers in `text`, none touching report notation."""
    protected = [m.span() for m in _NOTATION.finditer(text)]
    spans = []
    for recognise in RECOGNISERS:
        for start, end in recognise(text):
            if not any(start < p_end and p_start < end for p_start, p_end in protected):
                spans.append((start, end))
    merged: List[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def looks_like_date(text: str) -> bool:
    """True when `text` holds a date (used to refuse dates as conversation ids)."""
    return bool(_DATE.search(text))


_TRAILING_DIGITS = re.compile(r"\[removed\](?:[ .-]{1,3}\d{2,6}\b(?![%/.,]\d|\s*(?:cells|events|nuclei|%|/|x\s?10)))+")


def mask_identifiers(text: str) -> str:
    """The text with identifiers replaced by "[removed]"."""
    if not text:
        return text
    # Short texts are cached (the tracker store masks the same user messages at
    # every save); long ones are not, so the cache stays small.
    return _masked_cached(text) if len(text) <= 2000 else _masked(text)


@lru_cache(maxsize=4096)
def _masked_cached(text: str) -> str:
    return _masked(text)


def _masked(text: str) -> str:
    # Cached: the tracker store masks every user message of a conversation
    # at each save, so the same texts come back turn after turn.
    parts, last = [], 0
    for start, end in identifier_spans(text):
        parts.append(text[last:start])
        parts.append(MASK)
        last = end
    parts.append(text[last:])
    # What a person half-hid is hidden whole: "MRN [removed] 12 34 56".
    return _TRAILING_DIGITS.sub(MASK, "".join(parts))
