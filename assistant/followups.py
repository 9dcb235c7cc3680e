"""Follow-up resolution: what a question means given the topic just answered.

"How will it affect my treatment?" after an MRD answer means the MRD passage's
treatment link. Links live in the passages (content), not here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from assistant.knowledge import KnowledgeBase, Passage

# Words that point back at what was just discussed.
_BACK_REFERENCE = re.compile(
    r"\b(it|its|it's|that|thats|thts|dat|this|these|those|they|them|the result|that result|the finding|"
    r"eso|esto|esa|ese|esos|esas|ello|lo otro|ah[ií]|all[ií]|ese resultado)\b",
    re.IGNORECASE,
)


def refers_back(text: str) -> bool:
    """True when a message leans on earlier context ("is that good?")."""
    return bool(_BACK_REFERENCE.search(text or ""))


@dataclass(frozen=True)
class Context:
    """What the conversation is about right now (from slots)."""

    topic: Optional[str] = None    # passage id last answered
    finding: Optional[str] = None  # canonical finding id it was about
    facet: Optional[str] = None    # kind of the last question


@dataclass(frozen=True)
class FacetResult:
    """A passage for (passage, facet), or None when there is no specific one."""

    passage: Optional[Passage]
    base: Passage


def follow_link(kb: KnowledgeBase, base: Passage, facet: Optional[str], from_context: bool = False) -> FacetResult:
    """The passage that answers `facet` about `base`.

    No facet is the base passage itself, and so is "what is X?" ('meaning')
    when X was named. "What does that mean?" about the previous answer
    (`from_context`) takes its 'meaning' link, else its 'more' link. A facet
    whose section already is the base's (a treatment passage asked "how is it
    treated?") is the base too. Otherwise the base's follow-up link, or None.
    """
    if facet is None or (facet == "meaning" and not from_context):
        return FacetResult(base, base)
    if facet == "meaning":
        link = base.followups.get("meaning") or base.followups.get("more")
        return FacetResult(kb.passage(link) if link else None, base)
    if facet == "personal":
        # "Will I need X?" gets the care-team question about X, or else the
        # general passage on X: there is always something to say.
        target = kb.personal.get(base.about or "")
        return FacetResult(kb.passage(target) if target else base, base)
    link = base.followups.get(facet or "")
    if link:
        return FacetResult(kb.passage(link), base)
    if base.section in kb.facet_sections.get(facet or "", []):
        return FacetResult(base, base)
    return FacetResult(None, base)
