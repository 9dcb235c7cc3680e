"""Finds people's names in a message, for masking: names from a first-name
list, names after a cue ("my son liam", "dr patel", "name is River"), and the
surnames that follow them. Lists live in content/masking.yml."""
from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Tuple

import yaml

CONTENT = Path(__file__).resolve().parent.parent / "content" / "masking.yml"
# A word: letters, inner apostrophes and hyphens; never part of a symbol
# with digits such as JAK2 or KMT2Ax2.
_TOKEN = re.compile(r"(?<![\w])[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’-]*(?![\w])")
_ACRONYM = re.compile(r"(?:^|-)[A-Z]{2,}(?:-|$)")
_POSSESSIVE = re.compile(r"['’]s?$")

# Words that never start or continue a name, whatever the lists say.
FUNCTION_WORDS = frozenset("""
a about after again all also am an and any are as at be because been before being both but by can could did do
does doing dont down during each few for from further got gets get had has have having he her here hers him his
how i if in into is it its just me more most my no nor not now of off on once only or other our out over own same
she should so some such than that the their them then there these they this those through to too under until up
very was we were what when where which while who whom why will with would you your yours yet ya u ur
wont cant isnt wasnt didnt doesnt hasnt havent im ive id ill its thats whats hes shes theyre were
is was has had got just said says told asked went came lol ok okay pls please thanks thank hi hey hello
el la los las un una y o de del en con por para que es tiene mi su se le lo al como mas muy pero
years year yo old age months month weeks days day today yesterday tomorrow last next new
theres bc cuz cos tho rn idk omg btw plz thx ty cant dont wont didnt shouldnt wouldnt couldnt youre
""".split())
POSSESSIVES = frozenset("my mi mis our her his their your nuestro nuestra nuestros su sus meu minha".split())


def _plain(word: str) -> str:
    """Lower case, accents removed, possessive dropped: "Joāo's" -> "joao"."""
    word = _POSSESSIVE.sub("", word)
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def masking_content() -> Dict[str, list]:
    """content/masking.yml, read once for the names and the masking patterns."""
    return yaml.safe_load(CONTENT.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def settings() -> Dict[str, object]:
    data = masking_content()
    return {
        "relations": frozenset(data["relations"]),
        "titles": frozenset(data["titles"]),
        "cues": tuple(tuple(cue.split()) for cue in sorted(data["name_cues"], key=lambda c: -len(c.split()))),
        "weak_cues": tuple(tuple(cue.split()) for cue in sorted(data["weak_name_cues"], key=lambda c: -len(c.split()))),
        "common": frozenset(_plain(w) for w in data["common_words"]),
        "not_names": frozenset(_plain(w) for w in data["not_names"]),
    }


@lru_cache(maxsize=1)
def first_names() -> FrozenSet[str]:
    """First names from the gender-guesser package's list (about 45,000
    entries; about 33,000 distinct ASCII spellings, lower case), with the
    parts of compound names."""
    import gender_guesser

    path = os.path.join(os.path.dirname(gender_guesser.__file__), "data", "nam_dict.txt")
    names = set()
    with open(path, encoding="iso-8859-1") as handle:
        for line in handle:
            if line.startswith("#") or len(line) < 30:
                continue
            for part in line[3:29].strip().split("+"):
                if re.fullmatch(r"[A-Za-z'-]{2,}", part):
                    names.add(part.lower())
    return frozenset(names)


@lru_cache(maxsize=1)
def project_words() -> FrozenSet[str]:
    """Every word of the project's own texts (passages, questions, training
    examples): words the assistant uses are not taken for unknown names."""
    root = CONTENT.parent.parent
    words = set()
    for path in list(root.glob("content/*.yml")) + list(root.glob("data/*.yml")):
        if path.name != CONTENT.name:
            words.update(_plain(w) for w in _TOKEN.findall(path.read_text(encoding="utf-8")))
    return frozenset(words)


@lru_cache(maxsize=1)
def spanish_words() -> FrozenSet[str]:
    """Every word of the project's Spanish texts (content/es/, data/nlu_es.yml):
    written in lower case with no cue, such a word is Spanish, not a name
    ("todo lo que leo", "qué tan grave", "mi nena")."""
    root = CONTENT.parent.parent
    words = set()
    for path in list(root.glob("content/es/*.yml")) + list(root.glob("data/nlu_es.yml")):
        words.update(_plain(w) for w in _TOKEN.findall(path.read_text(encoding="utf-8")) if w.islower())
    return frozenset(words)


def _is_first_name(plain: str) -> bool:
    names = first_names()
    return plain in names or ("-" in plain and all(p in names for p in plain.split("-") if p))


# After these, any word is a name ("dr mcallister-young"); after "doctor" or
# "nurse" only a word that reads as a name ("the doctor said" is not one).
_SHORT_TITLES = frozenset({"dr", "mr", "mrs", "ms", "sr", "sra", "dra", "prof", "attn"})


def _cue_before(tokens: List[Tuple[int, int, str]], i: int, text: str) -> str:
    """'short_title', 'title', 'relation', 'strong', 'weak' or '' for the words just before token i."""
    if i == 0:
        return ""
    s = settings()
    previous = [_plain(t[2]) for t in tokens[max(0, i - 5):i]]
    gap = text[tokens[i - 1][1]:tokens[i][0]]
    if previous[-1] in s["titles"] and gap.strip() in ("", ".", ":"):
        return "short_title" if previous[-1] in _SHORT_TITLES else "title"
    owned = any(word in POSSESSIVES for word in previous[-5:-1])  # "my son", "our 2 yo grandson"
    if previous[-1] in s["relations"] and owned and gap.strip() in ("", ",", "(", ":", "-"):
        return "relation"
    if len(previous) >= 2 and previous[-2] in s["relations"] and owned and \
            previous[-1] in ("little", "baby", "sweet", "boy", "girl"):
        return "relation"
    if gap.strip() not in ("", ",", ":", "(", "-"):
        return ""
    for cue in s["cues"]:
        if tuple(previous[-len(cue):]) == cue:
            return "strong"
    for cue in s["weak_cues"]:
        if tuple(previous[-len(cue):]) == cue:
            return "weak"
    return ""


# What follows an unknown word that is a name: punctuation, or "is", "was", "and".
_NAME_ENDS = re.compile(r"^(?:['’]s\b|\s*[,().!?]|\s*$|\s+(?:is|was|has|had|and|who)\b)")


def find_names(text: str) -> List[Tuple[int, int]]:
    """Spans of people's names in `text`."""
    s = settings()
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    spans: List[Tuple[int, int]] = []
    found = set()
    i = 0
    while i < len(tokens):
        start, end, word = tokens[i]
        plain = _plain(word)
        if plain.replace("'", "").replace("’", "") in FUNCTION_WORDS or plain in s["not_names"] or len(plain) < 2 \
                or _ACRONYM.search(word) or plain in ("i", "i'm", "i’m"):
            i += 1
            continue
        cue = _cue_before(tokens, i, text)
        known = _is_first_name(plain)
        common = plain in s["common"] or (word.islower() and plain in spanish_words())
        capital = word[0].isupper() and not word.isupper()
        unknown = not common and any(part not in project_words() for part in plain.split("-") if len(part) > 1)
        if cue == "short_title":
            take = unknown or capital or (known and not common)
        elif cue == "strong":
            take = known or unknown or capital
        elif cue == "relation":
            # "my boy jj (", "my dad frank is 70", "my husband mark's", but not
            # "my son gets" or "mi hija trabaja".
            ends_like_a_name = capital or bool(_POSSESSIVE.search(word)) or bool(_NAME_ENDS.match(text[end:end + 6]))
            take = plain not in s["relations"] and \
                ((known and not common) or ((known or unknown or capital) and ends_like_a_name))
        elif cue in ("weak", "title"):
            take = (known and not common) or (capital and not common)
        else:
            take = (known and not common) or \
                ((known or unknown) and plain not in s["relations"] and _age_follows(text, end))
        if not take:
            i += 1
            continue
        # The rest of the name: capitalised words, other first names, an initial.
        j = i + 1
        while j < len(tokens) and j - i < 4 and not _POSSESSIVE.search(tokens[j - 1][2]):
            nstart, nend, nword = tokens[j]
            between = text[tokens[j - 1][1]:nstart]
            nplain = _plain(nword)
            if between not in (" ", "-") or nplain in FUNCTION_WORDS or nplain in s["not_names"]:
                break
            if (nword[0].isupper() and not nword.isupper()) or (len(nword) == 1) or \
                    (_is_first_name(nplain) and nplain not in s["common"]) or \
                    (cue in ("strong", "relation") and nword.islower() and _surname(nplain)):
                end = nend
                j += 1
                continue
            break
        spans.append((start, end))
        found.add(plain)
        i = j
    # A name found once is masked wherever it comes again ("River ... river is asking").
    for start, end, word in tokens:
        if _plain(word) in found and not any(a <= start < b for a, b in spans):
            spans.append((start, end))
    return sorted(spans)


_AGE = re.compile(r"^(?:['’]s)?,?\s+(?:is|was|turned|just turned|has been)\s+(?:\d|on day|only \d)")


def _age_follows(text: str, end: int) -> bool:
    """True when an age or a day of treatment follows: "hunter is 16", "Kai is on day 15"."""
    return bool(_AGE.match(text[end:end + 24]))


def _surname(plain: str) -> bool:
    """A lower-case word after a cued name that reads as a surname: not an
    everyday word of this project's lists."""
    s = settings()
    return plain not in s["common"] and plain not in FUNCTION_WORDS and plain not in project_words() and \
        len(plain) > 2 and plain.replace("-", "").replace("'", "").isalpha()

