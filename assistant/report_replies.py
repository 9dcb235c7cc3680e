"""Replies built from a report's findings, the same for every channel: a
pasted report (read by assistant.report_reader) and the findings a patient
portal sends in its token (assistant.report_context) get one explanation, one
summary to keep, and the same follow-ups ("what does the second one mean?",
"what should I ask about them?")."""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence

from assistant.answering import button_for
from assistant.knowledge import KnowledgeBase, first_sentence
from assistant.report_context import ReportFinding
from assistant.report_reader import NOT_TESTED, ReportReader
from assistant.report_summary import care_team_questions, display_label, finding_meaning, summary_text
from assistant.safety import has_phrase, words

# Reply kinds after which "the second one" means the report's second finding.
REPORT_KINDS = ("report", "report_intro")
MAX_BUTTONS = 4


class ReportReplies:
    def __init__(self, kb: KnowledgeBase, reader: ReportReader, ordinals: Dict[int, List[List[str]]],
                 language: str = "en") -> None:
        self.kb = kb
        self.reader = reader
        self.ordinals = ordinals
        self.language = language

    def label(self, finding: ReportFinding) -> str:
        return display_label(finding, self.kb)

    def describe(self, finding: ReportFinding) -> str:
        """"BCR::ABL1 (Philadelphia chromosome): not detected / negative", in the reply's language."""
        if self.language == "en":
            return finding.describe()
        if not finding.result:
            return self.label(finding)
        said = self.reader.result_words.get(finding.result, finding.result).split(". ")[0]
        return f"{self.label(finding)}: {said}"

    def explained(self, findings: Sequence[ReportFinding], unknown: Sequence[str], lead: str,
                  kind: str = "report") -> Dict[str, object]:
        """The findings in report order, each with what it is and what the
        article says it means, as one message: text, buttons, custom payload."""
        replies = self.kb.replies
        lines = [lead] + [f"{n}. {self.explain(f)}" for n, f in enumerate(findings, 1)]
        if unknown:
            lines.append(replies["report_unknown"].format(terms=", ".join(unknown)))
        lines.append(replies["report_close"])
        offered = dict.fromkeys(self.kb.passage_for_finding(f.id).id for f in findings)
        buttons = [button_for(self.kb.passage(pid)) for pid in offered][:MAX_BUTTONS]
        custom = {"answer_kind": kind, "findings": [f.as_dict() for f in findings], "unknown": list(unknown)}
        return {"text": "\n".join(lines), "buttons": buttons, "custom": custom}

    def explain(self, finding: ReportFinding) -> str:
        """One finding: its result as written, what the notation means, what
        it is (its passage's first sentence) and what the article says it
        means (content/report_summary.yml). A negative is said as a negative."""
        result = finding.result
        label = self.label(finding)
        if result == "negative" and finding.id != "mrd" or result == NOT_TESTED:
            return f"{label}: {self.reader.result_words[result]}"
        about = first_sentence(self.kb.passage_for_finding(finding.id).text)
        if result is None:
            head = label
        elif result == "positive":
            head = f"{label}: {self.reader.result_words['positive']}"
        else:
            head = f"{label}: {result}"
        parts = (head.rstrip(".") + ".", self.reader.meaning(finding), about, finding_meaning(finding, self.language))
        return " ".join(part for part in parts if part)

    def summary(self, findings: Sequence[ReportFinding]) -> Dict[str, object]:
        """The summary a family can keep (the widget offers copy and print)."""
        return {"text": summary_text(findings, self.kb, self.language), "buttons": [],
                "custom": {"answer_kind": "report_summary", "language": self.language}}

    def pointed(self, text: str, findings: Sequence[ReportFinding]) -> Optional[ReportFinding]:
        """The finding meant by "the second one", "the last one", "number 3"
        right after the report's findings were listed (numbered 1, 2, 3...)."""
        tokens = words(text)
        numbered = _number_named(tokens)
        if numbered is not None:
            return findings[numbered - 1] if 1 <= numbered <= len(findings) else None
        for n, cues in self.ordinals.items():
            if has_phrase(tokens, cues):
                if n == 3 and has_phrase(tokens, [["last"]]):
                    return findings[-1] if findings else None
                return findings[n - 1] if n <= len(findings) else None
        if has_phrase(tokens, [["last", "one"], ["the", "last"]]) and findings:
            return findings[-1]
        return None

    def questions(self, findings: Sequence[ReportFinding]) -> Dict[str, object]:
        """Questions for the care team chosen by what the report holds."""
        chosen = care_team_questions(findings, self.kb, self.language)
        listed = ", ".join(self.label(f) for f in findings[:8]) + (", ..." if len(findings) > 8 else "")
        lines = [self.kb.replies["report_questions"].format(findings=listed)]
        lines += [f"{n}. {self.kb.passage(p).question}" for n, p in enumerate(chosen, 1)]
        buttons = [button_for(self.kb.passage(p)) for p in chosen[:3]]
        custom = {"answer_kind": "passage", "passage_id": "doctor_questions", "section": "doctor_questions",
                  "tailored_to": [f.id for f in findings]}
        return {"text": "\n".join(lines), "buttons": buttons, "custom": custom}


def _number_named(tokens: Sequence[str]) -> Optional[int]:
    """"number 3", "#2", "finding 2", "the 2nd": a number that points."""
    for n, token in enumerate(tokens):
        if token in ("number", "no", "finding", "result", "line", "item") and n + 1 < len(tokens) \
                and tokens[n + 1].isdigit():
            return int(tokens[n + 1])
    return None

