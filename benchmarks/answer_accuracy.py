"""Answer accuracy on held-out questions (tests/heldout/answers.yml): the
assistant through the real servers, and a BM25 search over the article's
paragraphs, judged by one scorer in the same run. Prints paragraph ids and
scores, never article text."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Dict, List

import yaml

from benchmarks.bm25 import BM25, article_paragraphs
from tests.paths import REPO, article_text
from tests.servers import replay


def correct(answer: str, facts: List[List[str]]) -> bool:
    """True when every fact appears, in one of its accepted wordings."""
    text = answer.lower()
    return all(any(str(option).lower() in text for option in fact) for fact in facts)


def run() -> Dict:
    questions = yaml.safe_load((REPO / "tests" / "heldout" / "answers.yml").read_text())["questions"]
    paragraphs = article_paragraphs(article_text())
    search = BM25(paragraphs)
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for turn, reply in replay(questions, "accuracy", Path(work)):
            assistant_text = " ".join(m.get("text", "") for m in reply)
            best, score = search.top(turn["user"])
            rows.append({
                "question": turn["user"],
                "followup": bool(turn.get("followup")),
                "assistant": correct(assistant_text, turn["facts"]),
                "passage": ((reply[-1].get("custom") or {}).get("passage_id") if reply else None),
                "bm25": correct(paragraphs[best], turn["facts"]),
                "bm25_paragraph": f"p{best:02d}",
                "bm25_score": round(score, 2),
            })
    n = len(rows)
    assistant = sum(r["assistant"] for r in rows) / n
    bm25 = sum(r["bm25"] for r in rows) / n
    follow = [r for r in rows if r["followup"]]
    return {
        "rows": rows,
        "n": n,
        "assistant": assistant,
        "bm25": bm25,
        "ratio": assistant / bm25 if bm25 else float("inf"),
        "followup_assistant": sum(r["assistant"] for r in follow) / len(follow),
        "followup_bm25": sum(r["bm25"] for r in follow) / len(follow),
        "paragraphs": len(paragraphs),
    }


if __name__ == "__main__":
    result = run()
    print(f"answer accuracy on {result['n']} held-out questions: assistant {result['assistant']:.1%}, "
          f"BM25 top-1 paragraph {result['bm25']:.1%}, ratio {result['ratio']:.2f}")
    for row in result["rows"]:
        print(f"  {'ok ' if row['assistant'] else 'MISS'} {'ok ' if row['bm25'] else 'MISS'} "
              f"{row['bm25_paragraph']} {row['bm25_score']:>5}  {row['question']}")
