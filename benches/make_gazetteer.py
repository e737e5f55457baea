#!/usr/bin/env python3
"""Makes a synthetic gazetteer of about N aliases for the gazetteer-size
benchmarks: the default gazetteer's files (so that the founding texts give the
same real mentions) plus synthetic.csv, made-up people whose labels and
aliases are invented two-word names, until the whole holds N aliases
(labels count as aliases, as the scanner compiles them).

    python3 benches/make_gazetteer.py target/gaz-100k 100000

The names come from a fixed seed, so a given N always gives the same files.
"""
import argparse
import csv
import glob
import os
import random
import shutil

SYLLABLES = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"] + ["ar", "el", "in", "or", "us"]


def word(rng):
    w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
    return w.capitalize()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("aliases", type=int)
    a = p.parse_args()
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gazetteer")
    os.makedirs(a.out, exist_ok=True)
    taken, have = set(), 0
    for f in sorted(glob.glob(os.path.join(root, "*.csv"))):
        shutil.copy(f, a.out)
        for row in csv.DictReader(open(f, encoding="utf-8")):
            names = [row["label"]] + [x.strip() for x in row["aliases"].split("|") if x.strip()]
            taken.update(n.lower() for n in names)
            have += len(names)
    rng = random.Random(6)
    rows, k = [], 0
    while have < a.aliases:
        k += 1
        surname = word(rng)
        names = []
        for first in [word(rng), word(rng)]:
            for n in (f"{first} {surname}", f"{first[0]}. {surname}"):
                if n.lower() not in taken:
                    taken.add(n.lower())
                    names.append(n)
        names = names[: a.aliases - have]
        if not names:
            continue
        have += len(names)
        rows.append([f"synthetic_{k}", "person", names[0], "|".join(names[1:]), "", "synthetic person", "", ""])
    with open(os.path.join(a.out, "synthetic.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "type", "label", "aliases", "wikidata", "description", "author", "shared"])
        w.writerows(rows)
    print(f"{a.out}: {have} aliases ({len(rows)} synthetic entities)")


if __name__ == "__main__":
    main()
