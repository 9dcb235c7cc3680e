"""No run of 10 or more words from the source article in any project file."""
from tests.own_words import scan, tracked_files
from tests.paths import REPO, article_text


def test_no_project_file_copies_the_article():
    found = scan(article_text(), tracked_files(REPO))
    assert not found, "copied from the article: " + "; ".join(f"{f}: {h[0]!r}" for f, h in found.items())


def test_the_check_fires_on_a_planted_copy(tmp_path):
    article = article_text()
    # Plant a file holding one paragraph of the article, as a careless edit would.
    paragraph = max(article.split("\n"), key=len)
    planted = tmp_path / "planted.yml"
    planted.write_text("text: >-\n  " + paragraph + "\n", encoding="utf-8")
    found = scan(article, [planted])
    assert str(planted) in found and len(found[str(planted)]) > 5


def test_the_article_itself_is_not_committed():
    for path in tracked_files(REPO):
        assert path.name != "b-all-pathology-article.txt"
