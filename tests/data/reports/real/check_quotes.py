#!/usr/bin/env python3
"""Checks the hand-labelled corpus of real reports.

For every NN_<short>.json beside this script:
  - the .txt of the same name exists and starts with '# source: <url>' equal to "source";
  - every figure quote and every finding quote is an exact substring of the .txt;
  - every figure value appears in its quote (or, with "sum_of", each part does
    and they add to the value), modulo full-width digits, thousands
    separators, numbers broken across lines and the unit conversion to 万元
    (元 / 10000, 亿元 * 10000; a bare table number may be in 元 or 万元);
  - each finding has an id, quotes and figures.stated / figures.computed.
Run:  python3 tests/data/reports/real/check_quotes.py   (exit status 0 when all pass)
"""
import glob
import json
import os
import re
import sys
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
FULL = str.maketrans("０１２３４５６７８９．，％：", "0123456789.,%:")
KEYS = {"staff_authorized", "staff_actual", "staff_retired", "staff_auxiliary",
        "budget_basic", "budget_personnel", "budget_public", "budget_project",
        "carryover_prior", "revenue_final", "expenditure_final", "basic_final",
        "project_final", "balance_end", "sangong_total", "sangong_total_prior",
        "vehicle_total", "vehicle_purchase", "vehicle_operation",
        "vehicle_total_prior", "reception", "reception_prior", "overseas",
        "overseas_prior", "self_score", "grade"}
IDS = re.compile(r"^(B([1-9]|1[0-2])|T[1-5]|U[12]|X[12])$")
KINDS = {"self-evaluation", "data-table", "final-accounts-explanation", "project"}
FORMS = {"prose", "table", "mixed", "none"}


def normalise(s):
    s = s.translate(FULL)
    s = re.sub(r"(\d)[,，](?=\d{3}(\D|$))", r"\1", s)   # thousands separators
    s = re.sub(r"(\d)[,，](?=\d{3}(\D|$))", r"\1", s)
    s = re.sub(r"(\d\.?)\n(?=\d)", r"\1", s)            # broken across lines
    return s


def candidates(quote):
    """Every number in the quote, with the 万元 readings its unit allows."""
    q = normalise(quote)
    out = set()
    for m in re.finditer(r"\d+(?:\.\d+)?", q):
        n = Decimal(m.group(0))
        after = q[m.end():m.end() + 3].lstrip()
        out.add(n)
        if after.startswith("万元") or after.startswith("万"):
            continue
        if after.startswith("亿"):
            out.add(n * 10000)
        elif after.startswith("元"):
            out.add(n / Decimal(10000))
        else:                     # a table cell: the unit is on another line
            out.add(n / Decimal(10000))
    return out


def main():
    errors = []
    files = sorted(glob.glob(os.path.join(HERE, "[0-9][0-9]_*.json")))
    nfig = nfind = 0
    for jpath in files:
        name = os.path.basename(jpath)
        tpath = jpath[:-5] + ".txt"
        def err(msg):
            errors.append(f"{name}: {msg}")
        try:
            with open(jpath, encoding="utf-8") as f:
                doc = json.load(f)
        except Exception as e:  # noqa: BLE001
            err(f"bad JSON: {e}")
            continue
        if not os.path.exists(tpath):
            err("no .txt")
            continue
        with open(tpath, encoding="utf-8") as f:
            text = f.read()
        first = text.split("\n", 1)[0]
        if first != "# source: " + doc.get("source", ""):
            err("line 1 is not '# source: ' + source")
        if doc.get("kind") not in KINDS:
            err(f"kind {doc.get('kind')!r}")
        if doc.get("form") not in FORMS:
            err(f"form {doc.get('form')!r}")
        if not isinstance(doc.get("year"), int) or not doc.get("province"):
            err("year / province")
        if doc.get("province") in ("湖南", "重庆"):
            err("excluded province")
        for key, fig in doc.get("figures", {}).items():
            nfig += 1
            if key not in KEYS:
                err(f"unknown figure key {key}")
            quote = fig.get("quote", "")
            if not quote or quote not in text:
                err(f"{key}: quote not in text: {quote!r}")
                continue
            value = fig.get("value", "")
            if key == "grade":
                if value not in quote:
                    err(f"{key}: {value!r} not in quote")
                continue
            try:
                v = Decimal(value)
            except Exception:  # noqa: BLE001
                err(f"{key}: value {value!r} is not a decimal")
                continue
            if value != format(v.normalize(), "f") and value != "0":
                err(f"{key}: value {value!r} not in canonical form")
            parts = fig.get("sum_of")
            if parts:   # a figure the text gives only as parts (行政编制 + 事业编制)
                cands = candidates(quote)
                total = Decimal(0)
                for part in parts:
                    pv = Decimal(part)
                    total += pv
                    if pv not in cands:
                        err(f"{key}: part {part} not found in quote {quote!r}")
                if total != v:
                    err(f"{key}: parts {parts} add to {total}, not {value}")
            elif v not in candidates(quote):
                err(f"{key}: {value} not found in quote {quote!r}")
            unit = fig.get("unit")
            want = "人" if key.startswith("staff_") else ("分" if key == "self_score" else "万元")
            if unit != want:
                err(f"{key}: unit {unit!r}, want {want!r}")
        for i, fd in enumerate(doc.get("findings", [])):
            nfind += 1
            if not IDS.match(fd.get("id", "")):
                err(f"finding {i}: id {fd.get('id')!r}")
            if not fd.get("quotes"):
                err(f"finding {i}: no quotes")
            for q in fd.get("quotes", []):
                if q not in text:
                    err(f"finding {i}: quote not in text: {q!r}")
            figs = fd.get("figures", {})
            if "stated" not in figs or "computed" not in figs:
                err(f"finding {i}: figures need stated and computed")
    for e in errors:
        print(e)
    print(f"{len(files)} reports, {nfig} figures, {nfind} findings, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
