#!/usr/bin/env python3
"""Makes a scaled corpus for the end-to-end benchmarks: the founding texts
copied as separate files until the corpus holds at least SIZE megabytes.

    python3 benches/make_corpus.py target/bench-corpus 90     # >= 90 MB, ~60 copies
    python3 benches/make_corpus.py target/big-file 500 --one-file   # one 500 MB file

With --one-file the texts are concatenated (blank lines between) into one file.
"""
import argparse
import glob
import os


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("megabytes", type=float)
    p.add_argument("--one-file", action="store_true")
    a = p.parse_args()
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus")
    texts = [(os.path.basename(f), open(f, "rb").read()) for f in sorted(glob.glob(os.path.join(root, "*.txt")))]
    os.makedirs(a.out, exist_ok=True)
    target = int(a.megabytes * 1e6)
    total, copy = 0, 0
    sink = open(os.path.join(a.out, "big.txt"), "wb") if a.one_file else None
    while total < target:
        copy += 1
        for name, data in texts:
            if sink:
                sink.write(data + b"\n\n")
            else:
                with open(os.path.join(a.out, f"{copy:04d}-{name}"), "wb") as f:
                    f.write(data)
            total += len(data)
    print(f"{a.out}: {total / 1e6:.1f} MB in {copy} copies")


if __name__ == "__main__":
    main()
