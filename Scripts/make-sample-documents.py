#!/usr/bin/env python3
"""Writes Documents/: one UTF-8 text file per SQuAD v1.1 dev article, paragraphs separated by
a blank line, plus the CC BY-SA 4.0 attribution. Dev tooling; the app never runs Python.

usage: python3 Scripts/make-sample-documents.py [../shared/data/squad/dev-v1.1.json] [Documents]
"""
import json
import re
import sys
from pathlib import Path

source = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/squad/dev-v1.1.json")
target = Path(sys.argv[2] if len(sys.argv) > 2 else "Documents")
target.mkdir(parents=True, exist_ok=True)

articles = json.loads(source.read_text(encoding="utf-8"))["data"]
for article in articles:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", article["title"]).strip("_") + ".txt"
    paragraphs = [p["context"].strip() for p in article["paragraphs"]]
    (target / name).write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")

(target / "ATTRIBUTION").write_text(
    "# Sample documents\n\n"
    f"The {len(articles)} text files here are the articles of the SQuAD v1.1 development set\n"
    "(Rajpurkar et al., 2016, https://rajpurkar.github.io/SQuAD-explorer/), one file per article,\n"
    "paragraphs separated by blank lines. SQuAD's passages are taken from Wikipedia articles.\n\n"
    "Licence: Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0),\n"
    "https://creativecommons.org/licenses/by-sa/4.0/ — the same licence applies to these files.\n"
    "Regenerate them with `python3 Scripts/make-sample-documents.py`.\n",
    encoding="utf-8",
)
print(f"wrote {len(articles)} articles to {target}")
