"""Finds runs of words copied from the source article into project files."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Dict, Iterable, List, Set

RUN = 10
TEXT_SUFFIXES = (".yml", ".yaml", ".py", ".md", ".json", ".html", ".js", ".txt", ".css", ".sh", ".cfg", ".toml")


def words(text: str) -> List[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def runs(text: str, n: int = RUN) -> Set[str]:
    w = words(text)
    return {" ".join(w[i:i + n]) for i in range(len(w) - n + 1)}


def copied_runs(article: str, candidate: str, n: int = RUN) -> List[str]:
    """Runs of n words of `candidate` that also stand in `article`."""
    source = runs(article, n)
    w = words(candidate)
    return [" ".join(w[i:i + n]) for i in range(len(w) - n + 1) if " ".join(w[i:i + n]) in source]


def tracked_files(repo: Path) -> List[Path]:
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=repo,
                         capture_output=True, text=True, check=True).stdout.split()
    return [repo / f for f in out if f.endswith(TEXT_SUFFIXES)]


def scan(article: str, files: Iterable[Path]) -> Dict[str, List[str]]:
    """File -> copied runs, for every file that has any."""
    found: Dict[str, List[str]] = {}
    for path in files:
        try:
            text = path.read_text(encoding="utf-8", errors="ignore")
        except OSError:
            continue
        hits = copied_runs(article, text)
        if hits:
            found[str(path)] = hits
    return found
