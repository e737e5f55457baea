#!/usr/bin/env python3
"""Coverage check for the namegraph default gazetteer.

Usage (from the repository root):

    python3 gazetteer/coverage.py [--top N] [--min-count N] [--all] [--zero]
                                  [--corpus DIR] [--entity ID]

What it does (stdlib only):
  * loads gazetteer/*.csv and validates them (header, 8 fields, unique ids,
    allowed types, author ids point at person rows, no '|' or stray spaces in
    labels/aliases, no empty aliases, aliases shared between rows only when
    both rows list them in `shared`);
  * reads the corpus texts, joins words hyphenated across line breaks,
    normalises curly quotes/apostrophes and collapses whitespace runs;
  * matches every label/alias the way namegraph does: case-sensitive, as
    written and in ALL CAPITALS (unless the alias already is all capitals),
    whole words only, leftmost-longest without overlaps;
  * prints entity totals by type, how many entities occur in the corpus,
    entities with no match, and the most frequent capitalised words and
    1-3 word capitalised phrases that no alias covers.
"""
import argparse
import collections
import csv
import glob
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.join(HERE, "..", "corpus")  # the bundled founding corpus
FILES = ["people.csv", "parties.csv", "places.csv", "works.csv", "events.csv"]
HEADER = ["id", "type", "label", "aliases", "wikidata", "description", "author", "shared"]
TYPES = {"person", "party", "organisation", "place", "work", "publication", "event"}

# Capitalised words that are never entities on their own (sentence-initial
# function words, months, weekdays, generic institutional nouns, roman
# numerals, ...).  They are hidden from the "uncovered" listing unless --all.
STOP = set("""
A An The This That These Those There Then Thus Their They Them He His Him She Her
Hers It Its We Our Us You Your I In On At Of For From To By With Without Into Onto
Upon And But Or Nor So Yet As If When Where While Who Whom Whose Which What Why How
After Before Since Until Although Though Because Once Both Either Neither Each
Every All Any Some Many Much Most More Less Few Several Such Other Another No Not
Now Here Yet Also Even Only Just Still Already Again Indeed However Moreover
Furthermore Nevertheless Meanwhile Instead Therefore Hence Accordingly Finally
One Two Three Four Five Six
Seven Eight Nine Ten Twenty Hundred Thousand Million Is Are Was Were Be Been Being
Has Have Had Do Does Did Can Could Shall Should Will Would May Might Must Let Yes
Monday Tuesday Wednesday Thursday Friday Saturday Sunday Ibid Ibid. Vol Vol. Cf
Op Cit Quoted See Despite During Under Like Unlike Among Between Through Against
Within Having According Over Above Throughout Nothing Everything Today
""".split())

# Generic capitalised nouns/adjectives: hidden when they stand alone, but
# they may form part of a listed multi-word phrase ("Left Opposition").
GENERIC = set("""
First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth Eleventh Twelfth Thirteenth Fourteenth Fifteenth Sixteenth Seventeenth
January February March April May June July August September October November
December Party Congress Conference Committee Central Executive Committees Opposition
Government Soviet Soviets Revolution Revolutions State States Union International
Army War Communist Communists Socialist Socialists Socialism Communism Marxist
Marxists Marxism Stalinist Stalinists Stalinism Trotskyist Trotskyists Trotskyism
Bolshevik Bolshevism Leninist Leninism Menshevik Russian Russians Soviet Chinese
German Germans British French English American Americans European Western
Eastern Ibid Ibid. Vol Vol. Chapter Part Page See Cf Ed Eds Op Cit Introduction
Notes Note Index Contents Preface Appendix Mr Mrs Dr St Left Right New Old Great
Red White General Secretary Bureau Politburo Plenum Left-wing Right-wing Workers
Worker Peasants Party's Republic People People's Press University Books Book
Publishers Library Edition Comrade Comrades Comrade's Letter Letters Speech Report
Theses Resolution Declaration Platform Programme Program Manifesto Collected Works
Selected Writings Volume Jewish Jews Ukrainian Georgian Polish Italian Spanish
Japanese Indian Austrian Hungarian Bulgarian Czech Fascist Fascism Fascists Nazi
Nazis Christian Tsarist Tsar Czar Tsars Kulak Kulaks Nepmen NEPmen Thermidor
Thermidorian Bonapartism Bonapartist Stakhanovite Image Click Read Buy Marxist.com
""".split()) | STOP

WORD = re.compile(r"[^\W\d_][\w'\-]*", re.UNICODE)


def is_wordchar(ch):
    return ch.isalnum()


def normalise(text):
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u201e", '"')
    # join words hyphenated across a line break: "Trot-\nsky" -> "Trotsky"
    text = re.sub(r"(?<=[^\W\d_])-[ \t]*\r?\n[ \t]*(?=[a-z])", "", text)
    text = re.sub(r"\s+", " ", text)
    return text


def norm_alias(a):
    return normalise(a).strip()


def load_rows(gdir):
    rows, problems = [], []
    for fn in FILES:
        path = os.path.join(gdir, fn)
        if not os.path.exists(path):
            problems.append("missing file %s" % fn)
            continue
        with open(path, encoding="utf-8", newline="") as fh:
            rd = csv.reader(fh)
            header = next(rd, None)
            if header != HEADER:
                problems.append("%s: bad header %r" % (fn, header))
            for lineno, rec in enumerate(rd, start=2):
                if not rec or all(not f for f in rec):
                    continue
                if len(rec) != 8:
                    problems.append("%s:%d: %d fields" % (fn, lineno, len(rec)))
                    continue
                row = dict(zip(HEADER, rec))
                row["_file"] = fn
                row["_line"] = lineno
                rows.append(row)
    return rows, problems


def split_list(s):
    return [x for x in s.split("|")] if s != "" else []


def validate(rows):
    problems = []
    ids = collections.Counter(r["id"] for r in rows)
    for i, c in ids.items():
        if c > 1:
            problems.append("duplicate id %s (x%d)" % (i, c))
    persons = {r["id"] for r in rows if r["type"] == "person"}
    alias_owner = collections.defaultdict(list)
    for r in rows:
        where = "%s:%d %s" % (r["_file"], r["_line"], r["id"])
        if not re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", r["id"]):
            problems.append("%s: id not a snake_case slug" % where)
        if r["type"] not in TYPES:
            problems.append("%s: bad type %r" % (where, r["type"]))
        if r["wikidata"] and not re.fullmatch(r"Q[1-9][0-9]*", r["wikidata"]):
            problems.append("%s: bad wikidata %r" % (where, r["wikidata"]))
        if r["author"]:
            if r["type"] not in ("work", "publication"):
                problems.append("%s: author on non-work" % where)
            if r["author"] not in persons:
                problems.append("%s: author %r is not a person id" % (where, r["author"]))
        if not r["label"] or r["label"] != r["label"].strip() or "|" in r["label"]:
            problems.append("%s: bad label %r" % (where, r["label"]))
        if not r["description"]:
            problems.append("%s: empty description" % where)
        aliases = split_list(r["aliases"])
        shared = split_list(r["shared"])
        for a in aliases:
            if a == "" or a != a.strip() or "  " in a:
                problems.append("%s: bad alias %r" % (where, a))
            if a == r["label"]:
                problems.append("%s: alias repeats label %r" % (where, a))
        if len(set(aliases)) != len(aliases):
            problems.append("%s: repeated alias" % where)
        forms = set([r["label"]] + aliases)
        for s in shared:
            if s not in forms:
                problems.append("%s: shared %r not among its label/aliases" % (where, s))
        for a in forms:
            alias_owner[a].append(r)
    for a, owners in alias_owner.items():
        ids_ = {o["id"] for o in owners}
        if len(ids_) > 1:
            for o in owners:
                if a not in split_list(o["shared"]):
                    problems.append("alias %r in %s but not listed in its shared (also in %s)"
                                    % (a, o["id"], ", ".join(sorted(ids_ - {o["id"]}))))
    return problems, alias_owner


def find_all(text, needle):
    start = 0
    n = len(needle)
    while True:
        i = text.find(needle, start)
        if i < 0:
            return
        j = i + n
        if (i == 0 or not is_wordchar(text[i - 1])) and (j >= len(text) or not is_wordchar(text[j])):
            yield i, j
        start = i + 1


def match(texts, alias_owner):
    """Return per-entity counts and per-text coverage masks (leftmost-longest)."""
    forms = {}
    for a, owners in alias_owner.items():
        na = norm_alias(a)
        ids = tuple(sorted({o["id"] for o in owners}))
        forms.setdefault(na, set()).update(ids)
        up = na.upper()
        if up != na:
            forms.setdefault(up, set()).update(ids)
    counts = collections.Counter()
    per_doc = collections.defaultdict(collections.Counter)
    masks = {}
    for name, text in texts.items():
        cands = []
        for f, ids in forms.items():
            for i, j in find_all(text, f):
                cands.append((i, -(j - i), j, ids))
        cands.sort()
        mask = bytearray(len(text))
        pos = 0
        for i, negl, j, ids in cands:
            if i < pos:
                continue
            for e in ids:
                counts[e] += 1
                per_doc[e][name] += 1
            mask[i:j] = b"\x01" * (j - i)
            pos = j
        masks[name] = mask
    return counts, per_doc, masks


def cap_phrases(texts, masks):
    """Count capitalised 1-3 word sequences and whether each occurrence is covered."""
    total = collections.Counter()
    uncovered = collections.Counter()
    for name, text in texts.items():
        mask = masks[name]
        toks = []
        for m in WORD.finditer(text):
            w = m.group(0)
            s, e = m.start(), m.end()
            # strip possessive and trailing hyphens/apostrophes
            while w and w[-1] in "-'":
                w = w[:-1]
                e -= 1
            if w.endswith("'s"):
                w = w[:-2]
                e -= 2
            if not w:
                continue
            toks.append((w, s, e))
        run = []

        def flush():
            for n in (1, 2, 3):
                for k in range(len(run) - n + 1):
                    seq = run[k:k + n]
                    words = [t[0] for t in seq]
                    if n > 1 and (words[0] in STOP or words[-1] in STOP):
                        continue
                    # adjacent in text (single space or hyphen between)
                    ok = all(text[seq[q][2]:seq[q + 1][1]] in (" ",) for q in range(n - 1))
                    if not ok:
                        continue
                    ph = " ".join(words)
                    total[ph] += 1
                    s, e = seq[0][1], seq[-1][2]
                    if not all(mask[s:e]):
                        uncovered[ph] += 1
        prev_end = None
        for w, s, e in toks:
            capital = w[0].isupper()
            if capital and (prev_end is None or text[prev_end:s] == " ") and run:
                run.append((w, s, e))
            elif capital:
                flush()
                run = [(w, s, e)]
            else:
                flush()
                run = []
            prev_end = e
        flush()
    return total, uncovered


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--top", type=int, default=150)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--all", action="store_true", help="do not hide stop words")
    ap.add_argument("--zero", action="store_true", help="list entities with no match")
    ap.add_argument("--entity", help="show per-document counts for one id")
    args = ap.parse_args()

    rows, problems = load_rows(HERE)
    p2, alias_owner = validate(rows)
    problems += p2

    texts = {}
    for path in sorted(glob.glob(os.path.join(args.corpus, "*.txt"))):
        with open(path, "rb") as fh:
            texts[os.path.basename(path)[:3]] = normalise(fh.read().decode("utf-8", errors="replace"))

    counts, per_doc, masks = match(texts, alias_owner)

    print("== validation: %d problem(s)" % len(problems))
    for p in problems:
        print("  " + p)

    by_type = collections.Counter(r["type"] for r in rows)
    print("== entities: %d" % len(rows))
    for t in sorted(by_type):
        print("  %-13s %d" % (t, by_type[t]))
    by_file = collections.Counter(r["_file"] for r in rows)
    for f in FILES:
        print("  %-13s %d rows" % (f, by_file[f]))
    n_alias = sum(len(split_list(r["aliases"])) for r in rows)
    print("  aliases (excluding labels): %d" % n_alias)
    shared = [(r["id"], s) for r in rows for s in split_list(r["shared"])]
    print("  shared aliases: %d %s" % (len(shared), shared))

    hit = [r for r in rows if counts[r["id"]] > 0]
    print("== entities with >=1 match in corpus: %d of %d (%.1f%%)"
          % (len(hit), len(rows), 100.0 * len(hit) / max(1, len(rows))))
    for t in sorted(by_type):
        print("  %-13s %d/%d" % (t, sum(1 for r in hit if r["type"] == t), by_type[t]))
    print("  total mentions: %d" % sum(counts.values()))
    zero = [r for r in rows if counts[r["id"]] == 0]
    if args.zero:
        print("== entities with no match (%d):" % len(zero))
        for r in zero:
            print("  %s (%s) %s" % (r["id"], r["type"], r["label"]))
    print("== top entities:")
    for e, c in counts.most_common(40):
        print("  %5d %s" % (c, e))
    if args.entity:
        print("== %s: %d %s" % (args.entity, counts[args.entity], dict(per_doc[args.entity])))

    total, uncovered = cap_phrases(texts, masks)
    print("== top uncovered capitalised words/phrases (count >= %d, covered/total shown)"
          % args.min_count)
    shown = 0
    for ph, c in uncovered.most_common():
        if c < args.min_count or shown >= args.top:
            break
        if not args.all and ph in GENERIC:
            continue
        print("  %5d  %-40s (covered %d/%d)" % (c, ph, total[ph] - c, total[ph]))
        shown += 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
