"""The knowledge base: curated passages, article sections and question routing,
loaded from content/*.yml and checked for consistency."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from assistant.vocabulary import CONTENT_DIR, Vocabulary, load_vocabulary

FACETS = ("treatment", "prognosis", "testing", "more", "meaning", "who", "when", "why", "drugs", "found", "personal")


@dataclass(frozen=True)
class Passage:
    """One curated answer."""

    id: str
    title: str
    question: str
    section: str
    text: str
    about: Optional[str] = None
    covers: Tuple[str, ...] = ()
    related: Tuple[str, ...] = ()
    followups: Dict[str, str] = field(default_factory=dict)
    review: Dict[str, Optional[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Route:
    """How one question type (intent) picks a passage."""

    default: Optional[str] = None
    facet: Optional[str] = None
    needs_context: bool = False
    fixed: bool = False  # always the default passage, whatever findings are named


def _read(name: str, folder: Path) -> dict:
    with open(folder / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


class KnowledgeBase:
    """Passages, sections, routes and replies, cross-checked on load."""

    def __init__(self, folder: Path = CONTENT_DIR, vocabulary: Optional[Vocabulary] = None) -> None:
        self.vocabulary = vocabulary or load_vocabulary()
        self.sections: Dict[str, dict] = _read("sections.yml", folder)["sections"]
        self.replies: dict = _read("replies.yml", folder)
        routing = _read("routing.yml", folder)
        self.routing: dict = routing
        self.routes: Dict[str, Route] = {name: Route(**spec) for name, spec in routing["intents"].items()}
        self.facet_sections: Dict[str, List[str]] = routing["facet_sections"]
        self.personal: Dict[str, str] = routing["personal"]
        self.type_priority: List[str] = routing["type_priority"]
        self.generic_findings: List[str] = routing.get("generic_findings", [])
        self.topic_menu: List[str] = routing["topic_menu"]
        self.passages: Dict[str, Passage] = {}
        for pid, raw in _read("passages.yml", folder)["passages"].items():
            self.passages[pid] = Passage(
                id=pid,
                title=raw["title"],
                question=raw["question"],
                section=raw["section"],
                text=" ".join(raw["text"].split()),
                about=raw.get("about"),
                covers=tuple(raw.get("covers", [])),
                related=tuple(raw.get("related", [])),
                followups=dict(raw.get("followups", {})),
                review=dict(raw.get("review", {})),
            )
        self.by_finding: Dict[str, Passage] = {}
        for passage in self.passages.values():
            if passage.about:
                self.by_finding[passage.about] = passage
        problems = self.problems()
        if problems:
            raise ValueError("content problems:\n- " + "\n- ".join(problems))

    # ------------------------------------------------------------ checks
    def problems(self) -> List[str]:
        """Every broken reference in the content, as readable lines."""
        found: List[str] = []
        abouts: Dict[str, str] = {}
        for p in self.passages.values():
            if p.section not in self.sections:
                found.append(f"{p.id}: unknown section {p.section}")
            if p.about:
                if not self.vocabulary.is_canonical(p.about):
                    found.append(f"{p.id}: about {p.about} is not in the vocabulary")
                if p.about in abouts:
                    found.append(f"{p.id} and {abouts[p.about]} are both about {p.about}")
                abouts[p.about] = p.id
            for target in p.related:
                if target not in self.passages:
                    found.append(f"{p.id}: related {target} does not exist")
            for facet, target in p.followups.items():
                if facet not in FACETS:
                    found.append(f"{p.id}: unknown follow-up kind {facet}")
                if target not in self.passages:
                    found.append(f"{p.id}: follow-up {facet} -> {target} does not exist")
            if set(p.review) != {"reviewed_by", "date"}:
                found.append(f"{p.id}: review needs reviewed_by and date")
        for name, route in self.routes.items():
            if route.default and route.default not in self.passages:
                found.append(f"route {name}: default {route.default} does not exist")
            if route.facet and route.facet not in FACETS:
                found.append(f"route {name}: unknown facet {route.facet}")
        for finding, target in self.personal.items():
            if not self.vocabulary.is_canonical(finding):
                found.append(f"personal: {finding} is not in the vocabulary")
            if target not in self.passages:
                found.append(f"personal: {target} does not exist")
        for finding in self.vocabulary.findings:
            if finding not in abouts and finding not in self.personal:
                found.append(f"finding {finding} has no passage")
        for target in self.topic_menu:
            if target not in self.passages:
                found.append(f"topic menu: {target} does not exist")
        return found

    # ------------------------------------------------------------ lookup
    def passage(self, passage_id: str) -> Passage:
        return self.passages[passage_id]

    def passage_for_finding(self, finding_id: str) -> Passage:
        """The passage that explains a finding (or its care-team question)."""
        if finding_id in self.by_finding:
            return self.by_finding[finding_id]
        return self.passages[self.personal[finding_id]]

    def section_title(self, passage: Passage) -> str:
        return self.sections[passage.section]["title"]

    def finding_rank(self, finding_id: str) -> Tuple[int, int]:
        """Sort key: specific kinds first, generic findings (e.g. 'B-ALL') last."""
        finding = self.vocabulary.findings[finding_id]
        kind_rank = self.type_priority.index(finding.type) if finding.type in self.type_priority else 99
        return (finding_id in self.generic_findings, kind_rank)


@lru_cache(maxsize=2)
def load_knowledge(folder: Path = CONTENT_DIR) -> KnowledgeBase:
    """The knowledge base, parsed and checked once per process."""
    return KnowledgeBase(folder)


def first_sentence(text: str) -> str:
    """A passage's first sentence: its key point (summaries, report lines)."""
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text
