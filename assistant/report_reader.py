"""Report reader: finds the findings in pasted report text, in report order,
with their result (positive, negative, dim, partial, a value, a CNS status).

It uses the one normaliser (assistant.vocabulary) for names and spellings,
and content/nomenclature.yml (not from the article) for notation: karyotype
chromosome counts, CNS status, polarity words. Symbols shaped like markers or
genes that it does not know are listed as unknown, never guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from assistant.report_context import ReportFinding
from assistant.vocabulary import CONTENT_DIR, Mention, Vocabulary, load_vocabulary

NOMENCLATURE_FILE = CONTENT_DIR / "nomenclature.yml"
NOT_TESTED = "not tested"  # "FISH for KMT2A: not performed", "NGS: pending"

# Findings the reader reports. Test methods (flow, FISH) and broad topic words
# are context, not findings.
_READ_TYPES = {"marker", "genetic_change"}
_READ_TOPICS = {"b_all", "lymphoblast", "cns"}
_SKIP = {"markers", "genetic_changes", "subtype", "subtype_risk"}
_KARYOTYPE = re.compile(r"(?<![\d.])(\d{2}),\s*(?:X{1,3}Y{0,2}|XY|X|Y)\b")
# A count written out: "hyperdiploid, 53 chromosomes", "modal number 66".
# A count written out after a ploidy word: "hyperdiploid, 53 chromosomes" (not "51-67
# chromosomes", not "the first report said 66 chromosomes").
_COUNT_IN_WORDS = re.compile(r"\b(?:hyperdiploid\w*|hypodiploid\w*|clone|karyotype)\W{1,3}(?:with\s+)?(\d{2})\s*chromosomes\b",
                             re.IGNORECASE)
_PERCENT = re.compile(r"([<>]\s*)?(\d{1,3}(?:\.\d+)?)\s*%")
_TRAUMATIC = re.compile(r"\bTLP([+\-\u2212])(?![\w-])", re.IGNORECASE)
# "not assigned as CNS3": a negation within a few words just before the status.
_NOT_ASSIGNED = re.compile(r"\b(?:not|cannot|never|rather than|instead of)\b(?:\s+[\w-]+){0,3}\s*$", re.IGNORECASE)
# A spinal fluid sample, and what its line says was seen in it (CNS1-3 say more).
_SPINAL_FLUID = re.compile(r"csf|cerebrospinal fluid|spinal fluid|l[ií]quido cefalorraqu[ií]deo|lcr", re.IGNORECASE)
_CELLS = r"(?:lympho)?blast(?:s|os?)?|leuk(?:a)?emi\w*|leucemi\w*|malignan\w*|tumou?r cells|abnormal cells|c[eé]lulas (?:de leucemia|leuc[eé]micas|malignas)"
_CSF_NEGATIVE = re.compile(rf"\b(?:no|without|free of|negative for|no evidence of|none seen|sin|negativ[oa] para|no se (?:vieron|ven|observan|observaron|identificaron|encontraron))\b[^.;]{{0,30}}\b(?:{_CELLS})|"
                           rf"\b(?:{_CELLS})\b[^.;]{{0,25}}\b(?:not (?:seen|identified|detected|present)|absent|ausentes?)\b|"
                           r"^[^.;:]{0,40}:\s*negativ[eoa]\b", re.IGNORECASE)
_CSF_POSITIVE = re.compile(rf"\b(?:{_CELLS})\b[^.;]{{0,25}}\b(?:identified|seen|present|detected|noted|presentes?)\b|"
                           rf"\b(?:positive for|positiv[oa] para|se (?:vieron|ven|observan|observaron|identificaron|encontraron))\b[^.;]{{0,20}}\b(?:{_CELLS})|"
                           rf"\b(?:rare|few|occasional|many|numerous|scattered|raros|escasos|algunos)\s+(?:{_CELLS})", re.IGNORECASE)
_TRAUMATIC_TAP = re.compile(r"\bTLP\b|traumatic", re.IGNORECASE)
_CNS_STATUS = re.compile(r"\bCNS\s*-?\s*([123])([abc]?)\b", re.IGNORECASE)
# "+", "-", "(+)", "-positive", "-negative"; a hyphen before another word is not a minus.
_SUFFIX = re.compile(r"^\s*(\+|-(?:positive|pos|negative|neg)\b|-(?![\dA-Za-z])|\(\+\)|\(-\))", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;.]|\band\b|\bwith\b|\bbut\b")
_CD = re.compile(r"(?<![\w-])(?:c|cy)?(?i:CD)\d{1,3}[a-zA-Z]?(?![\w])")  # "cd34" typed from a photo too
_GENE = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]{1,7}(?:-[A-Z]{1,3})?(?![\w]|-[A-Za-z0-9])")
_TIME_POINT = re.compile(r"\b(?:day\s*\+?\d{1,3}|end of (?:induction|consolidation)|EOI|EOC|week\s*\d{1,2}|"
                         r"NGS|flow(?: cytometry)?|PCR)\b", re.IGNORECASE)
_REFERENCE = re.compile(r"\b(?:reference(?: range| interval| value)?|normal(?: range| value)?|ref\.?(?: range)?)\s*[:=]?\s*$",
                        re.IGNORECASE)
# "1 x 10^-5" (one cell in 100,000): MRD by NGS or PCR is often written so.
_POWER = re.compile(r"([<>]\s*)?(\d+(?:\.\d+)?)\s*[x\u00d7*]\s*10\s*\^?\s*[-\u2212]\s*(\d{1,2})\b")
# A table row that carries a reading of the finding named above it
# ("Day 8   PB   0.92%", "02/20/2026   0.84%"): it starts with a time point or a date.
_ROW_WHEN = re.compile(r"^\s*(\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}|day\s*\+?\d{1,3}|end of (?:induction|consolidation)|"
                       r"EOI|EOC|week\s*\d{1,2}|wk\s*\d{1,2}|month\s*\d{1,2}|pre[- ]?transplant|post[- ]?transplant)\b",
                       re.IGNORECASE)
# Findings whose readings are repeated down a table, one row per time point.
_ROWS_OF = ("mrd", "bcr_abl1")
# Synonyms that carry their own result ("Ph+", "Ph neg").
_OWN_POSITIVE = re.compile(r"(?:\+|\bpos(?:itive)?)$", re.IGNORECASE)
_OWN_NEGATIVE = re.compile(r"(?:\bneg(?:ative)?|-ve)$", re.IGNORECASE)
# The clause a question mark closes ("..., is that neg??"): a result word in it is asked about.
_QUESTION_CLAUSE = re.compile(r"[^.,;!?]*?(?:\s-\s[^.,;!?]*?)?\?+")
_SENSITIVITY = re.compile(r"(?i)\b(?:sensitivity|limit of detection|lod|lloq|limit of quantitation)\b\s*[:=]?\s*(?:of\s*)?"
                          r"(?:<\s*)?\d+(?:\.\d+)?\s*(?:%|[x\u00d7*]\s*10\s*\^?\s*[-\u2212]\s*\d{1,2})?")
_NO_OPENS = re.compile(r"\s*(?:no evidence of|there is no|there was no|no|without|absence of|negative for)\b(.*)$", re.IGNORECASE | re.DOTALL)
_JOINED = re.compile(r"\b(?:and|or|nor|y|o)\b", re.IGNORECASE)
_CLAUSE_BOUND = re.compile(r"(?<!:):(?!:)|;|\.\s")
_LIKE = re.compile(r"\s?[-\u2010\u2011 ]\s?like\b", re.IGNORECASE)
# What before a list of findings turns its closing result around: "No BCR::ABL1,
# KMT2A or ETV6::RUNX1 rearrangement identified".
_LIST_NEGATED = re.compile(r"(?:^|[.;:]\s*|\b)(?:no|without|absence of|not)\s*$", re.IGNORECASE)
_GENE_CHANGES = {"bcr_abl1", "etv6_runx1", "kmt2a", "high_hyperdiploidy", "hypodiploidy", "iamp21", "ph_like"}
_LEADERS = re.compile(r"\.{2,}|_{2,}|…+")
_PARENS = re.compile(r"\([^()]*\)")
# A gene change named with one of these just before it is reported as found
# ("B-ALL with BCR::ABL1 fusion"); named with no result, it is listed as named.
_FOUND_BEFORE = re.compile(r"\b(?:with|showing|shows|harbou?ring|harbou?rs|has|consistent with|positive for|"
                           r"defined by|carrying|carries)\s*(?:an?\s+|the\s+)?$", re.IGNORECASE)
# What may stand between a gene change and a result that governs a list of
# them ("FISH for ETV6::RUNX1, BCR::ABL1 and KMT2A rearrangements: negative"):
# separators, these words, other findings and gene symbols. Checked word by
# word (a regex here backtracks badly on long messages).
_LIST_WORDS = frozenset("and or partial partially dim bright weak cytoplasmic cy surface rearrangement rearrangements rearranged fusion fusions break apart breakapart "
                        "probe probes fish pcr rt by for testing test tests gene genes dual signal signals were was "
                        "all are is result results translocation translocations".split())
_LIST_SYMBOL = re.compile(r"^[A-Z][A-Z0-9]{1,9}(?:::[A-Z][A-Z0-9]{1,9})?$")
_NOT_HIGH = re.compile(r"\bnear[- ]?(?:triploid|tetraploid|haploid)|\bdoubled (?:hypodiploid|near-?haploid|clone)|"
                       r"\bendoreduplicat|\blow hyperdiploid", re.IGNORECASE)
# "Expressing" governs the list of markers right after it ("blasts expressing
# CD19, CD10, CD22"); a result word after a marker does not ("CD34 negative, CD19...").
_EXPRESSING = re.compile(r"express(?:ing|es)?", re.IGNORECASE)
_ACCESSION = re.compile(r"(?<![\w-])[A-Z]{1,4}\d{2,}-\d+")


@dataclass
class ScanResult:
    findings: List[ReportFinding] = field(default_factory=list)
    unknown: List[str] = field(default_factory=list)

    @property
    def looks_like_report(self) -> bool:
        with_results = [f for f in self.findings if f.result]
        return len(with_results) >= 2 or any(f.result and "chromosomes" in f.result for f in self.findings)


class ReportReader:
    def __init__(self, raw: Dict, vocabulary: Optional[Vocabulary] = None) -> None:
        self.vocabulary = vocabulary or load_vocabulary()
        self.counts = raw["chromosome_counts"]
        self.cns_meanings: Dict[str, str] = raw["cns_status"]
        polarity = raw["polarity"]
        self.qualifiers: Dict[str, str] = polarity["qualifiers"]
        cues: List[Tuple[str, str]] = [(w, "positive") for w in polarity["positive"]]
        cues += [(w, "negative") for w in polarity["negative"]]
        cues += [(w, NOT_TESTED) for w in polarity.get("not_tested", [])]
        cues.sort(key=lambda c: -len(c[0]))
        self._cues = [(re.compile(rf"(?<![\w+-]){re.escape(w)}(?![\w+])", re.IGNORECASE), result) for w, result in cues]
        self.other_symbols = {s.upper() for s in raw["other_symbols"]}
        self.not_symbols = {s.upper() for s in raw["not_symbols"]}
        # Listed symbols typed in lower case ("tcf3 neg", "mpo neg"); 3 letters or more.
        listed = sorted((s for s in self.other_symbols if len(s) >= 3), key=len, reverse=True)
        self._listed_any_case = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, listed)) + r")(?![\w])", re.IGNORECASE)
        self.result_words: Dict[str, str] = raw["result_words"]
        self.mrd_results: Dict[str, str] = raw["mrd_results"]

    # ------------------------------------------------------------ polarity
    def _cue_positions(self, line: str) -> List[Tuple[int, int, str]]:
        found: List[Tuple[int, int, str]] = []
        asked = [m.span() for m in _QUESTION_CLAUSE.finditer(line)] if "?" in line else []
        for pattern, result in self._cues:
            for m in pattern.finditer(line):
                if _REFERENCE.search(line[:m.start()]):
                    continue  # "Reference range: Not detected" is the normal value, not a result
                if any(s <= m.start() < e for s, e in asked):
                    continue  # "is ph-like the same as philadelphia positive?" asks, it does not report
                if not any(s <= m.start() < e for s, e, _ in found):
                    found.append((m.start(), m.end(), result))
        return sorted(found)

    def _polarity(self, line: str, mention: Mention, next_start: int, cues: List[Tuple[int, int, str]]) -> Optional[str]:
        """The result the line gives this finding. A clause that opens with
        "no" turns a closing "identified" around: "No KMT2A rearrangement
        identified", "no BCR::ABL1, KMT2A or ETV6::RUNX1 fusion detected"."""
        result = self._polarity_words(line, mention, next_start, cues)
        if result == "positive" and self._list_negated(line, mention.start):
            return "negative"
        return result

    def _polarity_words(self, line: str, mention: Mention, next_start: int, cues: List[Tuple[int, int, str]]) -> Optional[str]:
        after = line[mention.end:]
        suffix = _SUFFIX.match(after)
        if suffix:
            mark = suffix.group(1).lower()
            return "positive" if "+" in mark or "pos" in mark else "negative"
        before = re.search(r"\b([A-Za-z]+)\s+$", line[:mention.start])  # "dim CD45", not "CD33 (partial); CD10"
        if before and before.group(1).lower() in self.qualifiers:
            return before.group(1).lower()
        # A result written after the finding, in the same clause: "CD10 is negative",
        # "BCR::ABL1 fusion: NOT DETECTED", "CD19      Positive".
        segment = line[mention.end:next_start]
        # "(FISH and RT-PCR): NOT detected": a bracket is not the end of the clause.
        end = _CLAUSE_END.search(_PARENS.sub(lambda m: " " * len(m.group()), segment))
        clause = segment[:end.start()] if end else segment
        for start, stop, result in cues:
            if mention.end <= start and stop <= mention.end + len(clause):
                if not re.match(r"\s*(for|of)\b", line[stop:], re.IGNORECASE):
                    return result
        after_words = re.findall(r"[A-Za-z]+", clause)
        if after_words and after_words[0].lower() in self.qualifiers:
            return after_words[0].lower()  # table style: "CD10    Dim"
        # A result after a list of findings: "FISH for ETV6::RUNX1, BCR::ABL1 and
        # KMT2A rearrangements: negative". Only names, separators and test
        # words may stand between the finding and the result.
        later = [c for c in cues if c[0] >= mention.end]
        if later and mention.finding.type == "genetic_change":
            start, stop, result = later[0]
            between = self.vocabulary_free(line[mention.end:start])
            if _only_a_list(between) and not re.match(r"\s*(for|of)\b", line[stop:], re.IGNORECASE):
                return result
        # A result written before, governing a list: "negative for CD20 and CD10".
        preceding = [c for c in cues if c[1] <= mention.start]
        if preceding:
            start, stop, result = preceding[-1]
            between = line[stop:mention.start]
            if re.match(r"\s*(for|of)\b", between, re.IGNORECASE) or result == "negative" and not between.strip(" :"):
                return result
            if re.search(r"\b(no evidence of|negative for|positive for)\b", line[start:mention.start], re.IGNORECASE):
                return result
            if _EXPRESSING.fullmatch(line[start:stop]) and _only_a_list(self.vocabulary_free(between)):
                return result  # "expressing CD19, CD10, cytoplasmic CD79a and TdT"
        return None

    def _list_negated(self, line: str, position: int) -> bool:
        """Does "no" (or "without") open the list this finding is in? "No
        KMT2A rearrangement identified"; "no BCR::ABL1, KMT2A or ETV6::RUNX1
        ... identified". Not "No KMT2A rearrangement, but BCR::ABL1 fusion
        detected" nor "no ETV6::RUNX1 fusion, BCR::ABL1 positive": only
        findings and list words may stand between "no" and the finding, and a
        later member needs the list joined by "and"/"or"."""
        bounds = [m.end() for m in _CLAUSE_BOUND.finditer(line, 0, position)]  # not the "::" of a fusion
        start = max(bounds[-1] if bounds else 0, position - 200)
        before = line[start:position]
        opened = _NO_OPENS.match(self.vocabulary_free(before))
        if not opened or not _only_a_list(opened.group(1)):
            return False
        if not self.vocabulary.find(before):
            return True  # the first of the list, right after "no"
        return bool(_JOINED.search(opened.group(1) + " " + line[position:position + 120]))

    def vocabulary_free(self, text: str) -> str:
        """`text` with the findings it names blanked out (for reading what
        stands between a finding and its result)."""
        for mention in reversed(self.vocabulary.find(text)):
            text = text[:mention.start] + " " + text[mention.end:]
        return text

    # ------------------------------------------------------------ scanning
    def _karyotype(self, line: str) -> Optional[ReportFinding]:
        """The chromosome count of a karyotype, read by band: a subtype for
        its band (55 -> high hyperdiploidy), else the count itself, so that
        48 or 70 chromosomes is explained and never called high hyperdiploidy."""
        match = _KARYOTYPE.search(line) or _COUNT_IN_WORDS.search(line)
        if not match:
            return None
        count = int(next(g for g in match.groups() if g))
        band = self._band(count)
        if band is None or count == 46:
            return None
        if band["finding"] == "high_hyperdiploidy" and _NOT_HIGH.search(line):
            return None  # "near-triploid", "doubled clone": the words speak, not the count
        finding = band["finding"] or "chromosome_tests"
        label = self.vocabulary.findings[finding].label if band["finding"] else "chromosome count"
        return ReportFinding(finding, label, f"{count} chromosomes")

    def _not_high(self, line: str) -> bool:
        """The line itself says the chromosome gain is not high hyperdiploidy:
        a count outside 51-67 (a normal 46 does not count) or ploidy words."""
        counts = [c for c in self._counts(line) if c != 46]
        return bool(_NOT_HIGH.search(line)) or (bool(counts) and not any(51 <= c <= 67 for c in counts))

    def _band(self, count: int) -> Optional[Dict]:
        return next((b for b in self.counts if b["min"] <= count <= b["max"]), None)

    def _counts(self, text: str) -> List[int]:
        return [int(next(g for g in m.groups() if g)) for pattern in (_KARYOTYPE, _COUNT_IN_WORDS) for m in pattern.finditer(text)]

    def _read_line(self, line: str) -> List[ReportFinding]:
        # Table leaders ("BCR::ABL1 ....... not detected") are spacing, not full stops.
        line = _LEADERS.sub(lambda m: " " * len(m.group()), line)
        out: List[ReportFinding] = []
        mentions = _without_bracketed_repeats([m for m in self.vocabulary.find(line) if self._reads(m)], line)
        cues = self._cue_positions(line)
        karyotype = self._karyotype(line)
        if karyotype:
            out.append(karyotype)
        for n, mention in enumerate(mentions):
            next_start = mentions[n + 1].start if n + 1 < len(mentions) else len(line)
            fid = mention.finding.id
            if n + 1 < len(mentions) and mentions[n + 1].finding.id == fid and \
                    re.fullmatch(r"[\s()/,]*", line[mention.end:mentions[n + 1].start]):
                continue  # "KMT2A (MLL) rearrangement: not detected": read the last naming
            if fid == "lymphoblast":
                # "blasts 87%" (after) before "hypercellular ~90%, blasts" (before)
                value = _PERCENT.search(line[mention.end:mention.end + 30]) or \
                    _PERCENT.search(line[max(0, mention.start - 12):mention.start])
                if value:
                    out.append(ReportFinding(fid, mention.finding.label, f"{value.group(2)}%"))
                continue
            if fid == "cns":
                status = self._cns_status(line) or self._spinal_fluid_result(line, mention)
                if status:
                    out.append(ReportFinding(fid, mention.finding.label, status))
                continue
            if fid in ("mrd", "mrd_negative"):
                out.append(self._mrd(line, mention, next_start, cues))
                continue
            if fid == "b_all":
                if "lymphoblastic" in mention.text.lower():
                    out.append(ReportFinding(fid, mention.finding.label, "positive"))
                continue
            if mention.finding.type == "genetic_change" and _LIKE.match(line, mention.end):
                continue  # "ETV6::RUNX1-like": a look-alike subtype, not the change (listed for the care team)
            if mention.finding.type == "genetic_change" and _in_probe_name(line, mention.start):
                out.append(ReportFinding(fid, mention.finding.label, None))
                continue  # a probe's name, "FISH (ETV6/RUNX1 ES probe): ...", is not a result
            if fid == "high_hyperdiploidy" and self._not_high(line):
                continue  # "hyperdiploid" beside a count of 48 or 70, or "near-triploid": the count speaks
            result = self._polarity(line, mention, next_start, cues)
            if result is None and mention.finding.type == "genetic_change":
                result = "positive" if _OWN_POSITIVE.search(mention.text) else \
                    "negative" if _OWN_NEGATIVE.search(mention.text) else None
            if result is None and mention.finding.type == "genetic_change" and fid != "who_subtype" and \
                    (_FOUND_BEFORE.search(line[:mention.start]) or (_KARYOTYPE.search(line) and mention.text.lower().startswith("t("))):
                result = "positive"  # "B-ALL with BCR::ABL1 fusion", "46,XY,t(9;22)(q34;q11.2)": named as found
            out.append(ReportFinding(fid, mention.finding.label, result))
        return out

    def _mrd(self, line: str, mention: Mention, next_start: int, cues: List[Tuple[int, int, str]]) -> ReportFinding:
        """One MRD reading, with its time point or method when the line gives
        one ("MRD (day 29)"): the nearest before the mention in its sentence,
        else one just after it. A value is kept as written; "detected" with a
        "<" figure stays detectable; "negative" keeps only a "<" limit."""
        segment = line[mention.end:next_start]
        said = self._polarity(line, mention, next_start, cues)
        sentence_start = max(line.rfind(". ", 0, mention.start), line.rfind("; ", 0, mention.start)) + 1
        before = list(_TIME_POINT.finditer(line, sentence_start, mention.start))
        when = before[-1] if before else _TIME_POINT.search(line[mention.end:mention.end + 30])
        label = self.vocabulary.findings["mrd"].label + (f" ({when.group(0).strip().lower()})" if when else "")
        said = "negative" if mention.finding.id == "mrd_negative" else said
        return ReportFinding("mrd", label, _level(said, segment))

    def _row(self, line: str, subject: str) -> Optional[ReportFinding]:
        """A table row under a heading that named MRD or BCR::ABL1 ("Day 8
        PB 0.92% (detectable)"): one more reading, labelled by its time point."""
        when = _ROW_WHEN.match(line)
        if not when or any(self._reads(m) and m.finding.id != subject for m in self.vocabulary.find(line)):
            return None
        rest = line[when.end():]
        said = next((result for _, _, result in self._cue_positions(rest)), None)
        if said is None and not (_PERCENT.search(rest) or _POWER.search(rest)):
            return None
        label = f"{self.vocabulary.findings[subject].label} ({when.group(1).strip().lower()})"
        level = _level(said, rest)
        if subject != "mrd" and level and level[0].isdigit():
            level = f"detected, {level}"  # a transcript level above zero is the change found
        return ReportFinding(subject, label, level)

    def _cns_status(self, line: str) -> Optional[str]:
        """"CNS2", "CNS 3b" or a traumatic tap ("TLP+"); never a status the
        line says was not assigned ("not assigned as CNS3")."""
        for status in _CNS_STATUS.finditer(line):
            if not _NOT_ASSIGNED.search(line[max(0, status.start() - 30):status.start()]):
                return f"CNS{status.group(1)}{status.group(2).lower()}"
        traumatic = _TRAUMATIC.search(line)
        if traumatic:
            return f"TLP{traumatic.group(1).replace(chr(0x2212), '-')}"
        return None

    @staticmethod
    def _spinal_fluid_result(line: str, mention: Mention) -> Optional[str]:
        """"CSF: no blasts identified", "CSF cytology: rare blasts seen": was
        leukemia seen in the spinal fluid sample. Only for a spinal-fluid
        line (never "brain" or "testes", which questions name too)."""
        if not _SPINAL_FLUID.fullmatch(mention.text.strip()) or _TRAUMATIC_TAP.search(line):
            return None  # a traumatic tap is the care team's to weigh
        if _CSF_NEGATIVE.search(line):
            return "negative"
        if _CSF_POSITIVE.search(line):
            return "positive"
        return None

    def _reads(self, mention: Mention) -> bool:
        fid = mention.finding.id
        if fid in _SKIP:
            return False
        return mention.finding.type in _READ_TYPES or fid in _READ_TOPICS or fid in ("mrd", "mrd_negative")

    def _unknown(self, text: str) -> List[str]:
        known_spans = [(m.start, m.end) for m in self.vocabulary.find(text)]
        unknown: List[str] = []
        candidates = [m for m in _CD.finditer(text)] + [m for m in _GENE.finditer(text)]
        candidates += [m for m in self._listed_any_case.finditer(text) if not m.group(0).isupper()]  # "tcf3 neg"
        for m in sorted(candidates, key=lambda m: m.start()):
            symbol = m.group(0)
            if any(s <= m.start() < e for s, e in known_spans) or symbol.upper() in self.not_symbols:
                continue
            if _ACCESSION.match(text, m.start()) or "[removed]" in text[max(0, m.start() - 10):m.start()]:
                continue
            is_cd = bool(_CD.fullmatch(symbol))
            gene_shaped = any(ch.isdigit() for ch in symbol) and any(ch.isalpha() for ch in symbol[1:])
            listed = symbol.upper() in self.other_symbols  # known to need the care team ("IKZF1 deletion")
            if listed or is_cd or (gene_shaped and symbol.isupper()):
                if (listed or self.vocabulary.normalise(symbol) is None) and \
                        symbol.upper() not in {u.upper() for u in unknown}:
                    unknown.append(symbol)
        return unknown

    def findings(self, text: str) -> List[ReportFinding]:
        """The findings alone, in report order (no unknown-symbol pass). A
        line that names MRD or BCR::ABL1 with no result heads a table: the
        rows under it that start with a time point are its readings."""
        found: List[ReportFinding] = []
        subject: Optional[str] = None
        for line in (text or "").splitlines():
            if not line.strip():
                subject = None  # a blank line ends a table
                continue
            row = self._row(line, subject) if subject else None
            if row:
                found.append(row)
                continue
            read = self._read_line(line)
            if read:
                found.extend(read)
                last = read[-1]
                subject = last.id if last.id in _ROWS_OF and last.result is None else None
        return _dedupe(found)

    def scan(self, text: str) -> ScanResult:
        return ScanResult(self.findings(text), self._unknown(text or ""))

    def looks_like_report(self, text: str) -> bool:
        """Checked on every message (components/message_screen.py), so it
        skips the unknown-symbol pass that only an explanation needs."""
        return ScanResult(self.findings(text)).looks_like_report

    def meaning(self, finding: ReportFinding) -> Optional[str]:
        """What the notation of a result means (CNS status, dim, partial, counts)."""
        result = finding.result or ""
        if finding.id == "mrd" and result:
            if result.startswith("detected"):
                return self.mrd_results["detectable"]
            if result == "negative" or result.startswith("<"):
                return self.mrd_results["not_detectable"]
            if result == "positive" or _PERCENT.fullmatch(result.strip()):
                return self.mrd_results["detectable"]
        if finding.id == "cns" and result in ("negative", "positive"):
            return self.cns_meanings.get(f"spinal_fluid_{result}")
        if finding.id == "cns" and result[:4].upper() in self.cns_meanings:
            return self.cns_meanings[result[:4].upper()]
        if result in self.qualifiers:
            return self.qualifiers[result].capitalize() + "."
        if result.endswith("chromosomes"):
            band = self._band(int(result.split()[0]))
            return f"A normal cell has 46 chromosomes; {band['meaning']}." if band else None
        return None


def _level(said: Optional[str], text: str) -> Optional[str]:
    """An MRD-style result from its polarity word and the first figure in
    `text` (a percent, or "1 x 10^-5" turned into a percent): a value is kept
    as written; "detected" with a "<" figure stays detectable; "negative"
    keeps only a "<" limit (the test's limit, not leukemia found)."""
    value = _figure(text)
    limit = value is not None and value[0] == "<"
    if said == "positive" and value:
        return f"detected, {value}"
    if said == "negative":
        return value if limit else "negative"
    return value or said


def _figure(text: str) -> Optional[str]:
    """The first percent in `text` ("<0.01%"), or a power of ten as a percent
    ("1 x 10^-5" -> "0.001%"), whichever comes first."""
    text = _SENSITIVITY.sub(lambda m: " " * len(m.group()), text)  # the test's limit is not the level
    percent, power = _PERCENT.search(text), _POWER.search(text)
    if power and (not percent or power.start() < percent.start()):
        number = float(power.group(2)) * 10 ** (2 - int(power.group(3)))
        digits = f"{number:.8f}".rstrip("0").rstrip(".")
        return f"{(power.group(1) or '').strip()}{digits}%"
    if percent:
        return f"{(percent.group(1) or '').strip()}{percent.group(2)}%"
    return None


def _without_bracketed_repeats(mentions: List[Mention], line: str) -> List[Mention]:
    """Drops a naming in brackets that repeats the finding just named:
    "KMT2A break-apart (11q23.3)  Negative" is one finding, read from KMT2A."""
    kept: List[Mention] = []
    for mention in mentions:
        if kept and kept[-1].finding.id == mention.finding.id:
            opened = line.rfind("(", kept[-1].end, mention.start)
            if opened >= 0 and line.find(")", opened, mention.start) < 0 and \
                    line.find(")", mention.end) >= 0 and not re.search(r"[.;:]", line[kept[-1].end:opened]):
                continue
        kept.append(mention)
    return kept


def _in_probe_name(line: str, position: int) -> bool:
    """True inside brackets that name a test probe: "FISH (ETV6/RUNX1 ES probe)"."""
    opened = line.rfind("(", 0, position)
    if opened < 0 or line.rfind(")", 0, position) > opened:
        return False
    closed = line.find(")", position)
    inside = line[opened:closed if closed > 0 else len(line)]
    return bool(re.search(r"(?i)\b(?:probes?|dual|break-?apart|ES|DCDF|fusion probe|color|colour)\b", inside))


def _only_a_list(between: str) -> bool:
    """True when `between` holds only list separators, list words and gene
    symbols: no full stop or semicolon, no other words ("found", "seen in")."""
    if re.search(r"[.;]", between):
        return False
    words = re.findall(r"[A-Za-z0-9]+(?:::[A-Za-z0-9]+)?", between)
    return all(word.lower() in _LIST_WORDS or _LIST_SYMBOL.match(word) for word in words)


def _dedupe(findings: List[ReportFinding]) -> List[ReportFinding]:
    """One entry per finding: the first one with a result, in report order;
    MRD once per reading (time point or method: "MRD (day 29)", "MRD (ngs)")."""
    mrd_read = any(f.id == "mrd" and f.result is not None for f in findings)
    chosen: Dict[str, ReportFinding] = {}
    order: List[str] = []
    for f in findings:
        if f.id == "mrd" and mrd_read:
            if f.result is None:
                continue
            key = f"mrd|{f.label}|{f.result}"
        elif f.id in _ROWS_OF and f.result and f.label.endswith(")") and "(" in f.label[-14:]:
            key = f"{f.id}|{f.label}"  # one reading of a series ("BCR::ABL1 (...) (03/24/2026)")
        else:
            key = f.id
        if key not in chosen:
            chosen[key] = f
            order.append(key)
        elif chosen[key].result is None and f.result is not None:
            chosen[key] = f
        elif chosen[key].result == "negative" and f.result == "positive" and f.id in _GENE_CHANGES:
            chosen[key] = f  # found by one test (PCR), not by another (FISH): found
    return [chosen[k] for k in order]


@lru_cache(maxsize=2)
def load_reader(path: Path = NOMENCLATURE_FILE) -> ReportReader:
    with open(path, encoding="utf-8") as handle:
        return ReportReader(yaml.safe_load(handle))
