#!/usr/bin/env python3
"""Makes synthetic books with endnotes for the citation-scale measurements:
BOOKS files of CHAPTERS chapters, each chapter a sentence in the text and
NOTES notes in the notes section, every note a full reference to a work of
its own ("12. K. Carr, Party Soviet State History 003x07x012, London 1951,
p. 120."). The zero-padded book, chapter and note numbers in each title keep
every work apart, so the corpus cites BOOKS x CHAPTERS x NOTES works.

    python3 benches/make_notes.py target/notes-300x10 300 10

The titles come from a fixed seed, so the same arguments give the same files.
"""
import argparse
import os
import random

SURNAMES = ["Deutscher", "Carr", "Serge", "Eastman", "Cliff", "Broue", "Rees", "Haynes",
            "Daniels", "Cohen", "Fitzpatrick", "Pipes", "Service", "Lewin", "Tucker", "Medvedev"]
WORDS = ["Revolution", "Party", "Opposition", "Soviet", "State", "Bureaucracy", "Workers",
         "History", "Russia", "Lenin", "Stalin", "Power", "Struggle", "Socialism", "Congress",
         "Peasants", "Industry", "Culture", "Army", "Theory"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("books", type=int)
    p.add_argument("notes", type=int, help="notes per chapter")
    p.add_argument("--chapters", type=int, default=50)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = random.Random(2)
    for b in range(a.books):
        out = []
        for c in range(1, a.chapters + 1):
            out.append(f"Chapter {c}: THE STRUGGLE {c}\n\n"
                       "Trotsky and Stalin argued about the Opposition.1\n\n")
        out.append("Notes\n\n")
        for c in range(1, a.chapters + 1):
            out.append(f"Chapter {c}: THE STRUGGLE {c}\n\n")
            for i in range(1, a.notes + 1):
                title = " ".join(rng.choice(WORDS) for _ in range(4))
                out.append(f"{i}. {rng.choice('ABCDEFGHJKLMNPRST')}. {rng.choice(SURNAMES)}, "
                           f"{title} {b:03}x{c:02}x{i:03}, London {rng.randint(1920, 1990)}, "
                           f"p. {rng.randint(1, 400)}.\n")
            out.append("\n")
        with open(os.path.join(a.out, f"book{b:03}.txt"), "w") as f:
            f.write("".join(out))


if __name__ == "__main__":
    main()
