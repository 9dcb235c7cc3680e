"""The knowledge base: loads clean, covers the article, and every question
type with every finding reaches a passage."""
import re

import pytest
import textstat
import yaml

from assistant.answering import NO_SPECIFIC, PASSAGE, Answerer
from assistant.followups import Context
from assistant.knowledge import KnowledgeBase, load_knowledge
from tests.paths import REPO, article_text

MAX_GRADE = 8.0


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


def article_bullets():
    """Lead words of each bullet of the article (before the dash, if any)."""
    leads = []
    for line in article_text().splitlines():
        if line.startswith("- "):
            lead = re.split(r"\s+[—–]\s+", line[2:], maxsplit=1)[0]
            leads.append(lead.strip().lower())
    return leads


def test_content_has_no_broken_references(kb):
    assert kb.problems() == []


def test_every_article_section_is_found_and_has_passages(kb):
    headings = [l.strip().lower() for l in article_text().splitlines()]
    for section_id, section in kb.sections.items():
        words = section["heading_words"]
        if words:
            assert any(h.startswith(words) for h in headings), f"{section_id}: heading not found in the article"
        assert any(p.section == section_id for p in kb.passages.values()), f"{section_id} has no passage"


def test_every_article_bullet_is_covered(kb):
    keys = [key.lower() for p in kb.passages.values() for key in p.covers]
    bullets = article_bullets()
    assert len(bullets) >= 40
    uncovered = [b for b in bullets if not any(b.startswith(k) for k in keys)]
    assert uncovered == []


def test_every_doctor_question_has_its_own_passage(kb):
    questions = [b for b in article_bullets() if b.endswith("?")]
    assert len(questions) == 12
    for question in questions:
        owners = [p for p in kb.passages.values() if any(question.startswith(k.lower()) for k in p.covers)]
        assert owners and all(p.section == "doctor_questions" for p in owners), question


def test_every_passage_is_reachable(kb):
    roots = {r.default for r in kb.routes.values() if r.default}
    roots |= set(kb.topic_menu) | {p.id for p in kb.by_finding.values()} | set(kb.personal.values())
    seen, todo = set(), list(roots)
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        passage = kb.passage(pid)
        todo += list(passage.related) + list(passage.followups.values())
    assert set(kb.passages) - seen == set()


def test_every_question_type_with_every_finding_reaches_a_passage(kb):
    answerer = Answerer(kb)
    for intent in kb.routes:
        for finding in kb.vocabulary.findings:
            answer = answerer.answer(intent, [finding], Context(), text=f"about {finding}")
            if answer.kind == PASSAGE:
                assert answer.passage_id in kb.passages
            else:
                assert answer.kind == NO_SPECIFIC and answer.buttons, (intent, finding)
                assert all(b["payload"].startswith("/ask_what_is{") for b in answer.buttons)


def test_every_domain_intent_is_answered_by_a_rule(kb):
    domain = yaml.safe_load((REPO / "domain.yml").read_text())
    rules = yaml.safe_load((REPO / "data" / "rules.yml").read_text())["rules"]
    ruled = {r["steps"][0]["intent"]: r["steps"][1]["action"] for r in rules}
    for intent in domain["intents"]:
        assert intent in ruled, intent
    # One place decides every reply (assistant/router.py); only starting over
    # is a separate action.
    assert {i for i, a in ruled.items() if a != "action_answer"} == {"start_over"}


def test_passages_have_titles_questions_and_review_fields(kb):
    for p in kb.passages.values():
        assert p.title and p.question.endswith("?") and len(p.text.split()) >= 8, p.id
        assert set(p.review) == {"reviewed_by", "date"}, p.id
        assert 1 <= len(p.related) <= 3, p.id


@pytest.mark.parametrize("passage_id", sorted(load_knowledge().passages))
def test_passage_reads_at_grade_8_or_lower(kb, passage_id):
    grade = textstat.flesch_kincaid_grade(kb.passage(passage_id).text)
    assert grade <= MAX_GRADE, f"{passage_id} reads at grade {grade}"


def test_a_broken_link_is_reported(tmp_path):
    """The integrity check itself can fail."""
    import shutil

    from assistant.vocabulary import CONTENT_DIR

    for f in CONTENT_DIR.glob("*.yml"):
        shutil.copy(f, tmp_path / f.name)
    text = (tmp_path / "passages.yml").read_text().replace("related: [b_cells, why_symptoms, ball_vs_lbl]",
                                                          "related: [b_cells, no_such_passage]")
    (tmp_path / "passages.yml").write_text(text)
    with pytest.raises(ValueError, match="no_such_passage"):
        KnowledgeBase(tmp_path)
