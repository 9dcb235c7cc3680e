"""Where tests find the project and the source article."""
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The article is never committed: it lives in the shared folder beside the repo.
ARTICLE = REPO.parent / "shared" / "source" / "b-all-pathology-article.txt"


def article_text() -> str:
    """The source article, or a loud failure: the checks that use it must run."""
    if not ARTICLE.is_file():
        raise AssertionError(f"source article missing at {ARTICLE}: the content checks cannot run without it")
    return ARTICLE.read_text(encoding="utf-8")
