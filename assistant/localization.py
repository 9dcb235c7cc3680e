"""Spanish: the content objects the router uses, with the Spanish texts of
content/es/ (the project's translations, for review by a native-speaking
clinician) laid over the English structure. Ids, links, routes and the order
of decisions stay the same, so a Spanish conversation goes through the same
router (assistant/router.py) and only its words change. Cue phrases are
added, not replaced: a Spanish message may hold English words."""
from __future__ import annotations

import copy
import dataclasses
from functools import lru_cache
from typing import Dict, List

import yaml

from assistant.knowledge import KnowledgeBase
from assistant.vocabulary import CONTENT_DIR, Vocabulary

ES_DIR = CONTENT_DIR / "es"
LANGUAGES = ("en", "es")


@lru_cache(maxsize=1)
def load_spanish() -> Dict[str, dict]:
    """content/es/*.yml by file name (without .yml)."""
    found = {}
    for name in ("passages", "strings", "labels", "routing"):
        with open(ES_DIR / f"{name}.yml", encoding="utf-8") as handle:
            found[name] = yaml.safe_load(handle)
    return found


def _merged_cues(english: dict, spanish: dict) -> dict:
    """English cue lists with the Spanish ones added (nested dicts too)."""
    merged = copy.deepcopy(english)
    for key, extra in spanish.items():
        if isinstance(extra, dict):
            merged[key] = _merged_cues(merged.get(key) or {}, extra)
        elif isinstance(extra, list):
            merged[key] = list(merged.get(key) or []) + [e for e in extra if e not in (merged.get(key) or [])]
        else:
            merged[key] = extra
    return merged


def spanish_vocabulary(vocabulary: Vocabulary) -> Vocabulary:
    """The same vocabulary (synonyms, matching) with Spanish labels."""
    labels: Dict[str, str] = load_spanish()["labels"]["labels"]
    spanish = copy.copy(vocabulary)
    spanish.findings = {fid: dataclasses.replace(f, label=labels.get(fid, f.label)) for fid, f in vocabulary.findings.items()}
    return spanish


def spanish_kb(kb: KnowledgeBase) -> KnowledgeBase:
    """The knowledge base with Spanish passages, replies, section titles,
    finding labels and (English + Spanish) routing cues."""
    es = load_spanish()
    passages = es["passages"]["passages"]
    strings = es["strings"]
    spanish = copy.copy(kb)
    spanish.vocabulary = spanish_vocabulary(kb.vocabulary)
    spanish.passages = {
        pid: dataclasses.replace(p, title=passages[pid]["title"], question=passages[pid]["question"],
                                 text=" ".join(passages[pid]["text"].split()))
        for pid, p in kb.passages.items()
    }
    spanish.by_finding = {fid: spanish.passages[p.id] for fid, p in kb.by_finding.items()}
    replies = copy.deepcopy(kb.replies)
    for key, value in strings["replies"].items():
        replies[key] = {**replies.get(key, {}), **value} if isinstance(value, dict) else " ".join(value.split())
    spanish.replies = replies
    spanish.sections = {sid: {**spec, "title": strings["sections"].get(sid, spec["title"])} for sid, spec in kb.sections.items()}
    spanish.routing = _merged_cues(kb.routing, es["routing"])
    return spanish


def spanish_support_raw(english: dict) -> dict:
    """content/support.yml with Spanish words and English + Spanish cues."""
    strings = load_spanish()["strings"]["support"]
    raw = copy.deepcopy(english)
    for name, spec in strings["feelings"].items():
        if name in raw["feelings"]:
            raw["feelings"][name]["acknowledge"] = spec["acknowledge"]
            raw["feelings"][name]["cues"] = list(raw["feelings"][name].get("cues", [])) + list(spec.get("cues", []))
    raw["support"], raw["offer"] = strings["support"], strings["offer"]
    return raw


def spanish_safety_raw(english: dict) -> dict:
    """content/safety.yml with Spanish care-team replies and urgent facts, and
    English + Spanish cues for the care-team decisions."""
    strings = load_spanish()["strings"]
    raw = copy.deepcopy(english)
    for intent, spec in strings["care_team_decisions"].items():
        target = raw["care_team_decisions"][intent]
        target["text"] = spec["text"]
        for field in ("cues", "strong", "not_with", "not_with_cues"):
            target[field] = list(target.get(field, [])) + list(spec.get(field, []))
    raw["urgent_info"] = strings["urgent_info"]
    raw["urgent_info_followup"] = raw["urgent_info_followup_es"]
    raw["urgent_info_plan"] = raw["urgent_info_plan_es"]
    return raw


def spanish_nomenclature_raw(english: dict) -> dict:
    """content/nomenclature.yml with the Spanish meanings of its notation."""
    said = load_spanish()["strings"]["nomenclature"]
    raw = copy.deepcopy(english)
    raw["mrd_results"] = {**raw["mrd_results"], **said["mrd_results"]}
    raw["cns_status"] = {**raw["cns_status"], **said["cns_status"]}
    raw["polarity"]["qualifiers"] = {**raw["polarity"]["qualifiers"], **said["qualifiers"]}
    raw["result_words"] = {**raw["result_words"], **said["result_words"]}
    for band in raw["chromosome_counts"]:
        band["meaning"] = said["chromosome_counts"].get(f"{band['min']}-{band['max']}", band["meaning"])
    return raw


def spanish_summary(english: dict) -> dict:
    """content/report_summary.yml with its Spanish wording."""
    said = load_spanish()["strings"]["report_summary"]
    raw = copy.deepcopy(english)
    for key, value in said.items():
        raw[key] = {**raw.get(key, {}), **value} if isinstance(value, dict) else value
    return raw


def missing_translations(english_ids: List[str]) -> List[str]:
    """Passage ids with no Spanish text (a content test checks this is empty)."""
    spanish = load_spanish()["passages"]["passages"]
    return [pid for pid in english_ids if not (spanish.get(pid) or {}).get("text")]
