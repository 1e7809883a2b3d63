#!/usr/bin/env python3
"""PDFs whose words are hyphenated at line ends, and how many breaks AlbertQA rejoins.

  Scripts/hyphen-pdfs.py make OUT_DIR TEXT_FILE...   one PDF per text file
  Scripts/hyphen-pdfs.py measure OUT_DIR [ALBERTQA]   index OUT_DIR, compare with pdftotext

`make` lays each text out with groff's hyphenation patterns (`groff -Tascii`, 3-inch lines,
so that many words break), then writes the lines into a small hand-made PDF (Helvetica,
WinAnsi, 46 lines a page): no PDF library needed. Every third file uses soft hyphens (0xAD)
at its breaks, as some word processors write them.

`measure` runs `albertqa index OUT_DIR --retriever bm25` into a temporary index, reads each
document's indexed text from it, and counts for each PDF: line-end hyphen breaks in
`pdftotext -raw` output, breaks left after AlbertQA's HyphenJoiner, and tokens that are not
words of the source text ("portant") before and after. Needs poppler-utils.
"""
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata

LINES_PER_PAGE = 46
BREAK = re.compile(r"(\w)[-\u00ad\u2010][ \t]*\n\f?(?=\w)")
TOKEN = re.compile(r"\w+(?:-\w+)*")


def ascii_fold(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def groff_lines(text):
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", ascii_fold(text)) if p.strip()]
    source = [".ll 3i", ".hy 1"]
    for paragraph in paragraphs:
        body = " ".join(paragraph.split()).replace("\\", "\\e")
        source.append("\\&" + body)
        source.append(".sp")
    out = subprocess.run(["groff", "-Tascii"], input="\n".join(source) + "\n", capture_output=True, text=True, check=True).stdout
    lines = [" ".join(line.split()) for line in out.splitlines()]
    # groff's own pages are padded with blank lines; keep one blank line between paragraphs.
    kept = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return kept


def pdf_string(line, soft):
    data = line.encode("latin-1")
    if soft and data.endswith(b"-") and len(data) > 1 and data[-2:-1].isalpha():
        data = data[:-1] + b"\xad"
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def write_pdf(path, lines, soft):
    pages = [lines[i:i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [[]]
    objects = []  # bodies; object n is objects[n - 1]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"")  # pages, filled below
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for page in pages:
        content = b"BT /F1 11 Tf 14 TL 72 740 Td " + b" ".join(pdf_string(line, soft) + b" Tj T*" for line in page) + b" ET"
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        content_number = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_number)
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    with open(path, "wb") as handle:
        handle.write(out)


def make(out_dir, sources):
    # The source texts, for `measure`, in a hidden folder that indexing skips.
    os.makedirs(os.path.join(out_dir, ".sources"), exist_ok=True)
    for number, source in enumerate(sources):
        with open(source, encoding="utf-8") as handle:
            text = handle.read()
        lines = groff_lines(text)
        stem = os.path.splitext(os.path.basename(source))[0]
        with open(os.path.join(out_dir, ".sources", stem + ".txt"), "w", encoding="ascii") as handle:
            handle.write(ascii_fold(text))
        name = stem + ".pdf"
        write_pdf(os.path.join(out_dir, name), lines, soft=number % 3 == 2)
        print(f"{name}: {len(lines)} lines, {sum(1 for l in lines if l.endswith('-'))} ending in a hyphen")


def words(text):
    return {token.lower() for token in TOKEN.findall(text)}


def measure(out_dir, albertqa):
    with tempfile.TemporaryDirectory() as scratch:
        index = os.path.join(scratch, "index.sqlite")
        subprocess.run([albertqa, "index", out_dir, "--retriever", "bm25", "--index", index, "--json"], check=True, capture_output=True)
        indexed = dict(sqlite3.connect(index).execute("SELECT CAST(path AS TEXT), text FROM documents"))
    totals = [0, 0, 0, 0, 0]
    print(f"{'pdf':32} {'breaks':>6} {'left':>5} {'rejoined':>8} {'non-words before':>16} {'after':>6} {'bad joins':>9}")
    for name in sorted(n for n in os.listdir(out_dir) if n.endswith(".pdf")):
        raw = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", os.path.join(out_dir, name), "-"], capture_output=True, text=True, check=True).stdout
        text = indexed.get(name, "")
        with open(os.path.join(out_dir, ".sources", name[:-4] + ".txt"), encoding="ascii") as handle:
            source_words = {part.lower() for token in TOKEN.findall(handle.read()) for part in token.split("-")}

        def non_words(t):
            return [token.lower() for token in TOKEN.findall(t.replace("\u00ad", "-")) if any(part.lower() not in source_words for part in token.split("-"))]
        before_tokens = {token.lower() for token in TOKEN.findall(raw.replace("\u00ad", "-"))}
        bad_joins = [token for token in non_words(text) if token not in before_tokens]
        before, after = len(BREAK.findall(raw)), len(BREAK.findall(text))
        row = [before, after, len(non_words(raw)), len(non_words(text)), len(bad_joins)]
        totals = [a + b for a, b in zip(totals, row)]
        print(f"{name:32} {before:6} {after:5} {before - after:8} {row[2]:16} {row[3]:6} {row[4]:9}  {' '.join(sorted(set(bad_joins))[:5])}")
    print(f"{'total':32} {totals[0]:6} {totals[1]:5} {totals[0] - totals[1]:8} {totals[2]:16} {totals[3]:6} {totals[4]:9}")


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) in (3, 4) and sys.argv[1] == "measure":
        measure(sys.argv[2], sys.argv[3] if len(sys.argv) == 4 else ".build/debug/albertqa")
    else:
        sys.exit(__doc__)
