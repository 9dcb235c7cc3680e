"""Report-reader figures on the frozen report corpus (tests/blind/*-reports):
findings read with the right polarity, symbols listed for the care team,
dangerous misreadings, and the time to read a 2,000-character report.
Prints figures; asserts nothing.

Run: make bench-reports          (add --misses to list what went wrong)

A labelled finding is right when the reader reports its id with the same
polarity (found / not found), the value of an MRD or CNS result, or lists
the symbol for the care team. Dangerous: a result read the other way round,
or a finding the report does not hold read as found (the changes issue 14
names: an IKZF1 deletion as the inherited difference, trisomy 21 as Down
syndrome, 47-50 or near-triploid counts as high hyperdiploidy, ...).
"""
from __future__ import annotations

import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from tests.paths import REPO

SETS = sorted((REPO / "tests" / "blind").glob("*-reports*"))
NEGATIVE = re.compile(r"^\s*(?:not detected|negative|absent|not identified|not present|not seen|not confirmed|"
                      r"no evidence|none\b)", re.IGNORECASE)
NOT_TESTED = re.compile(r"not (?:tested|reported|established|performed)|pending", re.IGNORECASE)
# Findings a report reader must never claim unless the report holds them.
NEVER_INVENTED = {"gene_variants", "down_syndrome", "radiation", "high_hyperdiploidy", "ph_like", "bcr_abl1",
                  "etv6_runx1", "kmt2a", "hypodiploidy", "iamp21"}


def load(folder: Path) -> Tuple[List[dict], Dict[str, Optional[str]]]:
    excerpts = yaml.safe_load((folder / "excerpts.yml").read_text(encoding="utf-8"))["excerpts"]
    ids = yaml.safe_load((folder / "finding_ids.yml").read_text(encoding="utf-8"))["finding_ids"]
    return excerpts, ids


def expected_value(status: str) -> Optional[str]:
    """The number an MRD result must carry ("detectable, 0.02%" -> "0.02")."""
    match = re.search(r"(\d+(?:\.\d+)?)\s*%", status)
    return match.group(1) if match else None


def _bare(symbol: str) -> str:
    """cCD3, cyCD3 and CD3 name one marker."""
    return re.sub(r"^(?:CY|C)(?=CD)", "", symbol.upper())


def judge(target: str, status: str, read: Dict[str, Optional[str]], unknown: List[str]) -> Tuple[bool, bool]:
    """(right, dangerous) for one labelled finding."""
    if target.startswith("unknown:"):
        symbol = _bare(target.split(":", 1)[1])
        return any(_bare(u) == symbol for u in unknown), False
    if target == "high_hyperdiploidy" and NEGATIVE.match(status):
        # Read right when the count is given and said not to be high hyperdiploidy.
        counted = any((r or "").endswith("chromosomes") for r in read.values())  # 27, 48 or 70 chromosomes read by band
        return read.get(target) == "negative" or (counted and target not in read), \
            read.get(target) not in (None, "negative", "absent") and target in read
    result = read.get(target, "absent")
    if NOT_TESTED.search(status):
        return result in ("absent", None, "not tested"), result == "positive"
    if target == "cns":
        traumatic = re.search(r"TLP\s*([+-])", status)
        if traumatic:  # a traumatic tap, with or without blasts
            return result == f"TLP{traumatic.group(1)}", False
        wanted = re.search(r"CNS\s*([123])", status)
        return bool(wanted and result and result.upper().startswith(f"CNS{wanted.group(1)}")), False
    if target == "mrd":
        if NEGATIVE.match(status):
            ok = result == "negative" or (result or "").startswith("<")
            return ok, bool(result and result != "absent" and not ok and result != "positive" and
                             not result.startswith("<"))
        value = expected_value(status)
        ok = bool(result and value and value in result) or (value is None and result not in ("absent", None))
        return ok, result == "negative"
    if NEGATIVE.match(status):
        return result == "negative", result not in ("negative", "absent", None)
    return result not in ("negative", "absent"), result == "negative"


def measure(folder: Path, show: bool) -> None:
    from assistant.report_reader import load_reader

    reader = load_reader()
    excerpts, ids = load(folder)
    right = total = dangerous = 0
    by_kind: Counter = Counter()
    by_kind_right: Counter = Counter()
    notes: List[str] = []
    for excerpt in excerpts:
        scan = reader.scan(excerpt["text"])
        read = {f.id: f.result for f in scan.findings}
        readings: Dict[str, List[Optional[str]]] = {}
        for f in scan.findings:
            readings.setdefault(f.id, []).append(f.result)
        labelled = {}
        for label in excerpt["findings"]:
            target = ids.get(label["finding"])
            if not target:
                continue
            labelled.setdefault(target, str(label["status"]))
            several = readings.get(target, [])
            if len(several) > 1:  # several readings (MRD or BCR::ABL1 over time): the one that fits the label
                verdicts = [judge(target, str(label["status"]), {**read, target: r}, scan.unknown) for r in several]
                ok, bad = max(verdicts, key=lambda v: (v[0], not v[1]))
            else:
                ok, bad = judge(target, str(label["status"]), read, scan.unknown)
            kind = "care-team symbol" if target.startswith("unknown:") else target
            total += 1
            right += ok
            dangerous += bad
            by_kind[kind] += 1
            by_kind_right[kind] += ok
            if show and (not ok or bad):
                notes.append(f"{excerpt['id']} {'DANGEROUS ' if bad else ''}{label['finding']!r} "
                             f"wanted {label['status']!r}, read {read.get(target, 'absent')!r}")
        for finding in scan.findings:
            held = labelled.get(finding.id)
            if finding.id in NEVER_INVENTED and finding.result not in ("negative", None) and held is None:
                dangerous += 1
                if show:
                    notes.append(f"{excerpt['id']} DANGEROUS read {finding.id}={finding.result!r}, not in the report")
    print(f"== {folder.name}: {len(excerpts)} excerpts")
    print(f"findings read right: {right}/{total} = {right / max(total, 1):.1%}   target >= 95%")
    print(f"dangerous misreadings: {dangerous}   target 0")
    for kind in sorted(by_kind, key=lambda k: -by_kind[k]):
        print(f"  {kind:22} {by_kind_right[kind]:3}/{by_kind[kind]:<3}")
    for note in notes:
        print("  ", note)
    long_text = "\n".join(e["text"] for e in excerpts)[:2000]
    times = []
    for _ in range(30):
        reader.vocabulary._fuzzy_cache.clear()  # cold: words never seen before, as a new report's are
        started = time.perf_counter()
        reader.scan(long_text)
        times.append((time.perf_counter() - started) * 1000)
    print(f"reading a 2,000-character report (cold): median {statistics.median(times):.1f} ms, "
          f"max {max(times):.1f} ms (target <= 50 ms)")


def main() -> int:
    show = "--misses" in sys.argv
    for folder in SETS:
        measure(folder, show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
