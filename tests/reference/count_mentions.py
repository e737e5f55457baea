#!/usr/bin/env python3
"""Independent mention counts for the founding corpus, made with Python's `re`.

This does not share any code with namegraph: it reads the gazetteer CSVs and
the raw corpus files and builds ONE regular expression over every alias of
every entity, as written:

  * alternatives sorted longest first, so at each position the longest alias
    that also passes the word-boundary checks wins (leftmost-longest, with a
    fall-back to shorter aliases at the same position);
  * whole words: not preceded or followed by a Unicode letter or digit
    (only checked where the alias itself starts/ends with one);
  * a space in an alias matches any run of white space holding at most one
    line break (two line breaks separate paragraphs, which no mention spans);
  * ' and " in an alias also match the curly forms.

Documented differences from namegraph, which the Rust test allows for exactly:
  * ALL-CAPITALS forms of mixed-case aliases ("TROTSKY") are not matched here;
  * words hyphenated across a line break are not joined here: namegraph finds
    "Trot-\\nsky", does not find "Stalin" in "Stalin-\\nism", and finds the
    longer alias "Bolshevik-Leninists" in "Bolshevik-\\nLeninists" where this
    script finds "Bolshevik"; "Chiang Kai-\\nshek" is one mention there,
    "Chiang" here. So a match with a hyphen that ends a line anywhere from 8
    characters before its start to 40 after is counted apart, in the column
    `hyphen_near`, and the Rust test leaves out its mentions by the same rule.

Shared aliases are attributed to every entity that shares them here; the test
only compares entities without shared aliases.

Usage: python3 tests/reference/count_mentions.py > tests/reference/mention_counts.csv
"""
import csv
import glob
import os
import re
import sys
import tomllib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")

SPACE = r"(?:[^\S\n]+\n?[^\S\n]*|\n[^\S\n]*)"
APOS = "['\u2018\u2019\u201b\u2032]"
QUOTE = '["\u201c\u201d\u201e\u201f\u2033]'


def alias_regex(alias):
    alias = " ".join(alias.split())
    parts = []
    for ch in alias:
        if ch == " ":
            parts.append(SPACE)
        elif ch == "'":
            parts.append(APOS)
        elif ch == '"':
            parts.append(QUOTE)
        else:
            parts.append(re.escape(ch))
    body = "".join(parts)
    if alias[0].isalnum():
        body = r"(?<![^\W_])" + body
    if alias[-1].isalnum():
        body = body + r"(?![^\W_])"
    return body


def load_gazetteer():
    owners = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "gazetteer", "*.csv"))):
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                aliases = [row["label"]] + [a for a in row["aliases"].split("|") if a.strip()]
                for a in aliases:
                    owners.setdefault(" ".join(a.split()), set()).add(row["id"])
    return owners


def main():
    owners = load_gazetteer()
    aliases = sorted(owners, key=lambda a: (-len(a), a))
    index = {}
    by_first = {}
    for i, a in enumerate(aliases):
        by_first.setdefault(a[0], []).append("(?P<a%d>%s)" % (i, alias_regex(a)))
        index["a%d" % i] = a
    # Dispatch on the first character so that each position tries only the
    # aliases that can start there (the same language, much faster).
    pattern = re.compile("|".join(
        "(?=%s)(?:%s)" % (re.escape(c), "|".join(alts)) for c, alts in sorted(by_first.items())
    ))
    with open(os.path.join(ROOT, "corpus", "corpus.toml"), "rb") as f:
        docs = tomllib.load(f)["document"]
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["document", "entity", "mentions", "hyphen_near", "shared"])
    line_end_hyphen = re.compile(r"-[^\S\n]*\n")
    for doc in docs:
        with open(os.path.join(ROOT, "corpus", doc["file"]), encoding="utf-8") as f:
            text = f.read()
        counts = {}
        for m in pattern.finditer(text):
            alias = index[m.lastgroup]
            lo, hi = max(0, m.start() - 8), m.start() + 40
            near = any(h.start() < hi for h in line_end_hyphen.finditer(text, lo, hi + 200))
            lost = 1 if near else 0
            for entity in owners[alias]:
                key = (entity, len(owners[alias]) > 1)
                n, j = counts.get(key, (0, 0))
                counts[key] = (n + 1, j + lost)
        for (entity, shared), (n, j) in sorted(counts.items()):
            out.writerow([doc["id"], entity, n, j, "yes" if shared else "no"])


if __name__ == "__main__":
    main()
