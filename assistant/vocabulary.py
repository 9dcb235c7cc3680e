"""The one normaliser: finds findings (markers, genetic changes, tests,
treatments, topics) in free text and maps each to its canonical id.

Used by the NLU entity extractor, the button-payload validator and, later, the
report reader and the portal's structured context. The words come from
content/vocabulary.yml so a clinician can review them.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import yaml

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
VOCABULARY_FILE = CONTENT_DIR / "vocabulary.yml"

FINDING_TYPES = ("marker", "genetic_change", "test", "treatment", "topic")

# Letters/digits runs, plus the punctuation that carries meaning in report
# notation: "t(9;22)", "CD19+". Dashes, colons and slashes become spaces, so
# "ETV6::RUNX1", "ETV6-RUNX1" and "etv6 runx1" read the same.
_TOKEN = re.compile(r"[^\W_]+|[+;()]", re.UNICODE)

# Typo tolerance: one edit for words of 7+ letters, two for 11+.
_FUZZY_MIN = 7
_FUZZY_TWO = 11
# Voice dictation splits long words ("in tra the cal", "con solid dation"):
# up to this many neighbouring words are read joined, when the joined word
# (at least _JOINED_MIN letters) is a one-word name of a finding.
_JOIN_WORDS = 4
_JOINED_MIN = 8


@dataclass(frozen=True)
class Finding:
    """A canonical finding from the vocabulary."""

    id: str
    type: str
    label: str


@dataclass(frozen=True)
class Mention:
    """Where a finding is named in a text."""

    finding: Finding
    start: int
    end: int
    text: str


def tokenize(text: str) -> List[Tuple[str, int, int]]:
    """Lower-cased tokens without accents ("médula" reads "medula"), with
    their character spans in the original text."""
    return [(_plain(m.group(0).lower()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _plain(token: str) -> str:
    if token.isascii():
        return token
    return "".join(c for c in unicodedata.normalize("NFKD", token) if not unicodedata.combining(c))


def edit_distance_at_most(a: str, b: str, limit: int) -> bool:
    """True when a and b are at most `limit` edits apart, counting a swap of
    two neighbouring letters ("siezure") as one edit."""
    if abs(len(a) - len(b)) > limit:
        return False
    before = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if before is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return False
        before, previous = previous, current
    return previous[-1] <= limit


def _fuzzy_equal(word: str, target: str) -> bool:
    if word == target:
        return True
    if len(target) < _FUZZY_MIN or not target.isalpha() or not word.isalpha():
        return False
    if word[0] != target[0]:
        return False
    limit = 2 if len(target) >= _FUZZY_TWO else 1
    return edit_distance_at_most(word, target, limit)


class Vocabulary:
    """Canonical findings and their spellings, with a matcher over text."""

    def __init__(self, raw: Dict) -> None:
        self._fuzzy_cache: Dict[str, Tuple[str, ...]] = {}
        self.findings: Dict[str, Finding] = {}
        # synonym token tuple -> (finding id, fuzzy allowed)
        self._phrases: Dict[Tuple[str, ...], Tuple[str, bool]] = {}
        self._exact: List[Tuple[re.Pattern, str]] = []
        for finding_id, entry in raw["findings"].items():
            kind = entry["type"]
            if kind not in FINDING_TYPES:
                raise ValueError(f"{finding_id}: unknown type {kind!r}")
            self.findings[finding_id] = Finding(finding_id, kind, entry["label"])
            fuzzy = entry.get("fuzzy", True)
            for synonym in entry.get("synonyms", []):
                tokens = tuple(t for t, _, _ in tokenize(str(synonym)))
                if not tokens:
                    continue
                owner = self._phrases.get(tokens)
                if owner and owner[0] != finding_id:
                    raise ValueError(f"synonym {synonym!r} names both {owner[0]} and {finding_id}")
                self._phrases[tokens] = (finding_id, fuzzy)
            for spelling in entry.get("exact", []):
                pattern = re.compile(r"(?<![\w-])" + re.escape(spelling) + r"(?![\w-])")
                self._exact.append((pattern, finding_id))
        # A synonym next to one of these words names another finding: "IKZF1
        # deletion" is not the inherited IKZF1 difference, "ETV6 deletion" is
        # not the ETV6::RUNX1 fusion, "low hyperdiploid" is not high hyperdiploidy.
        self._guards: Dict[Tuple[str, ...], Tuple[frozenset, frozenset]] = {}
        for synonym, guard in (raw.get("guarded_synonyms") or {}).items():
            tokens = tuple(t for t, _, _ in tokenize(str(synonym)))
            if tokens not in self._phrases:
                raise ValueError(f"guarded synonym {synonym!r} is not a synonym")
            self._guards[tokens] = (frozenset(guard.get("before", [])), frozenset(guard.get("after", [])))
        # Words the vocabulary itself uses are never read as typos of other words
        # ("hyperdiploidy" is not a misspelt "hypodiploidy").
        self._own_words = frozenset(word for tokens in self._phrases for word in tokens)
        self._by_first: Dict[str, List[Tuple[str, ...]]] = {}
        for tokens in self._phrases:
            self._by_first.setdefault(tokens[0], []).append(tokens)
        self._fuzzy_heads = [head for head in self._by_first if len(head) >= _FUZZY_MIN and head.isalpha()]
        self.max_phrase = max(len(t) for t in self._phrases)
        self._joined_cache: Dict[str, Optional[str]] = {}
        self._long_words: Dict[str, List[str]] = {}
        for tokens in self._phrases:
            if len(tokens) == 1 and len(tokens[0]) >= _JOINED_MIN and tokens[0].isalpha():
                self._long_words.setdefault(tokens[0][0], []).append(tokens[0])

    # ------------------------------------------------------------ lookup
    def get(self, finding_id: str) -> Optional[Finding]:
        return self.findings.get(finding_id)

    def is_canonical(self, finding_id: str, kind: Optional[str] = None) -> bool:
        finding = self.findings.get(finding_id)
        return finding is not None and (kind is None or finding.type == kind)

    def normalise(self, term: str) -> Optional[str]:
        """Canonical id for a single term (a synonym or an id), or None."""
        if term in self.findings:
            return term
        mentions = self.find(term)
        if len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end >= len(term.strip()):
            return mentions[0].finding.id
        return None

    # ------------------------------------------------------------ matching
    def _heads_for(self, word: str) -> Iterable[str]:
        if word in self._by_first:
            yield word
        if len(word) >= _FUZZY_MIN - 1 and word.isalpha() and word not in self._own_words:
            yield from self._fuzzy_heads_of(word)

    def _fuzzy_heads_of(self, word: str) -> Tuple[str, ...]:
        """Heads one typo away from `word`, remembered per word: the same
        words come again and again (a report, every message)."""
        found = self._fuzzy_cache.get(word)
        if found is None:
            found = tuple(head for head in self._fuzzy_heads if head != word and _fuzzy_equal(word, head))
            if len(self._fuzzy_cache) < 50_000:
                self._fuzzy_cache[word] = found
        return found

    def _guarded(self, phrase: Tuple[str, ...], words: Sequence[str], i: int, n: int) -> bool:
        """True when a guard word stands just before or after the synonym."""
        guard = self._guards.get(phrase)
        if not guard:
            return False
        before, after = guard
        return bool(set(words[max(0, i - 2):i]) & before or set(words[i + n:i + n + 2]) & after)

    def _joined(self, words: Sequence[str], i: int) -> Optional[Tuple[int, str]]:
        """(words used, finding id) when words i, i+1, ... joined name a
        finding in one word: dictation's "in duction" is "induction". A word
        that names a finding on its own is never swallowed ("is immunotherapy").
        The joined word may start a longer name ("in tra the cal chemo")."""
        joined = words[i]
        if not joined.isalpha():
            return None
        for n in range(2, _JOIN_WORDS + 1):
            if i + n > len(words):
                return None
            piece = words[i + n - 1]
            if not piece.isalpha() or any(True for _ in self._heads_for(piece)):
                return None
            joined += piece
            if len(joined) < _JOINED_MIN:
                continue
            target = self._closest_long_word(joined)
            if target:
                for phrase in sorted(self._by_first.get(target, ()), key=len, reverse=True):
                    rest = phrase[1:]
                    if tuple(words[i + n:i + n + len(rest)]) == rest:
                        return n + len(rest), self._phrases[phrase][0]
                return None
        return None

    def _closest_long_word(self, joined: str) -> Optional[str]:
        """The one-word name nearest to `joined` (exact first, then one edit,
        then two), so "hypo diploid" is hypodiploidy, not high hyperdiploidy."""
        if joined in self._joined_cache:
            return self._joined_cache[joined]
        found = self._closest_uncached(joined)
        if len(self._joined_cache) < 50_000:
            self._joined_cache[joined] = found
        return found

    def _closest_uncached(self, joined: str) -> Optional[str]:
        targets = self._long_words.get(joined[0], ())
        for limit in (0, 1, 2):
            for target in targets:
                if (joined == target if limit == 0 else
                        _fuzzy_equal(joined, target) and edit_distance_at_most(joined, target, limit)):
                    if self._phrases[(target,)][1] or limit == 0:
                        return target
        return None

    def find(self, text: str) -> List[Mention]:
        """All findings named in `text`, in order, longest match first."""
        tokens = tokenize(text)
        words = [t for t, _, _ in tokens]
        spans: List[Tuple[int, int, str]] = []
        i = 0
        while i < len(tokens):
            best: Optional[Tuple[int, str]] = None
            for head in self._heads_for(words[i]):
                for phrase in self._by_first[head]:
                    n = len(phrase)
                    if best and n <= best[0]:
                        continue
                    if i + n > len(words):
                        continue
                    finding_id, fuzzy = self._phrases[phrase]
                    window = words[i:i + n]
                    if all(w == p or (fuzzy and w not in self._own_words and _fuzzy_equal(w, p))
                           for w, p in zip(window, phrase)) and not self._guarded(phrase, words, i, n):
                        best = (n, finding_id)
            if not best:
                best = self._joined(words, i)
            if best:
                n, finding_id = best
                spans.append((tokens[i][1], tokens[i + n - 1][2], finding_id))
                i += n
            else:
                i += 1
        for pattern, finding_id in self._exact:
            for m in pattern.finditer(text):
                if not any(s < m.end() and m.start() < e for s, e, _ in spans):
                    spans.append((m.start(), m.end(), finding_id))
        spans.sort()
        return [Mention(self.findings[f], s, e, text[s:e]) for s, e, f in spans]


@lru_cache(maxsize=4)
def load_vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    """The vocabulary from YAML, parsed once per process."""
    with open(path, encoding="utf-8") as handle:
        return Vocabulary(yaml.safe_load(handle))


def primary(mentions: Sequence[Mention], priority: Sequence[str]) -> Optional[Mention]:
    """The most specific mention: by type priority, then first in the text."""
    if not mentions:
        return None
    rank = {kind: n for n, kind in enumerate(priority)}
    return min(enumerate(mentions), key=lambda im: (rank.get(im[1].finding.type, len(rank)), im[0]))[1]
