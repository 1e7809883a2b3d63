#!/usr/bin/env python3
"""Measures how two AlbertQA binaries read a real-world folder: per extension, files, read,
skipped by reason (before -> after), and how well the indexed text agrees with an independent
extraction, as word-level F1 of the two bags of words (lowercased \\w+ words).

usage: python3 Benchmarks/real-folder.py [FOLDER] --before BIN --after BIN
                                          [--speed DIR] [--speed-runs 3] [--json OUT]

Each binary runs `albertqa index FOLDER --json --retriever bm25 --index TMP/index.sqlite` with a
temporary XDG_CACHE_HOME; the indexed text is read back from the index (documents.text). A
binary that names its skipped files (`"skipped": [{path, reason}]`) is taken at its word; one
that only counts them (older binaries) gets each unaccounted file indexed alone in a temporary
folder to learn its reason.

Independent extractions (only where one is at hand; the rest show "-"):
  .pdf           pdftotext (poppler), default mode
  .eml           Python's email package: Subject/From/To/Date, the body (plain over HTML), text
                 attachments and attached messages
  .csv .tsv      Python's csv module: every cell
  .docx          the XML text of word/document.xml, headers, footers, footnotes, endnotes, comments
  .xlsx          the XML text of every sheet cell (shared strings looked up per cell)
  .pptx .odt     the XML text of the slides / content.xml
  .html .htm     Python's html.parser, without script and style
The F1 columns average over the files that binary read and whose reference has a word (n = how
many; a scanned PDF, empty to pdftotext, is left out); "bag" counts repeated
words (a table row that repeats its column headers loses precision), "vocab" compares the sets
of distinct words (is every word there, and nothing foreign?).

--speed DIR indexes DIR (a folder of text files) with both binaries, interleaved, --speed-runs
times each, fresh index each run, and prints MB/s (the binary's own figure) and wall seconds.
"""
import argparse
import codecs
import collections
import csv
import email
import email.policy
import html.parser
import io
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

WORD = re.compile(r"\w+")


def words(text):
    return [w.lower() for w in WORD.findall(text)]


def bag_f1(a, b):
    """SQuAD-style F1 of two multisets of words (1.0 for two empty ones)."""
    if not a and not b:
        return 1.0
    common = sum((collections.Counter(a) & collections.Counter(b)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(a), common / len(b)
    return 2 * precision * recall / (precision + recall)


def vocab_f1(a, b):
    sa, sb = set(a), set(b)
    if not sa and not sb:
        return 1.0
    common = len(sa & sb)
    if common == 0:
        return 0.0
    precision, recall = common / len(sa), common / len(sb)
    return 2 * precision * recall / (precision + recall)


# ---- independent extractions -------------------------------------------------------------

def xml_text(data):
    """Text of an OOXML/ODF part: paragraph-like ends and tabs become spaces, other tags vanish
    (runs split words mid-word, so a tag is not a word boundary)."""
    text = data.decode("utf-8", "replace")
    text = re.sub(r"</(w:p|a:p|text:p|text:h|si|c|row|w:tc|a:tc|table:table-cell)>|<(w:tab|w:br|a:br|text:tab|text:line-break|text:s)\b[^>]*/?>",
                  " ", text)
    text = re.sub(r"<[^>]+>", "", text)
    return html_unescape(text)


def html_unescape(text):
    import html as html_module
    return html_module.unescape(text)


def docx_text(path):
    with zipfile.ZipFile(path) as z:
        parts = [n for n in z.namelist()
                 if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml", n)]
        return " ".join(xml_text(z.read(n)) for n in sorted(parts))


def xlsx_text(path):
    """Every cell's text from the sheets' XML, a shared string looked up for each cell using it."""
    with zipfile.ZipFile(path) as z:
        strings = []
        if "xl/sharedStrings.xml" in z.namelist():
            shared = z.read("xl/sharedStrings.xml").decode("utf-8", "replace")
            strings = [xml_text(si.encode()) for si in re.findall(r"<si\b.*?</si>", shared, re.S)]
        out = []
        for name in sorted(n for n in z.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)):
            sheet = z.read(name).decode("utf-8", "replace")
            for cell in re.finditer(r"<c\b([^>]*?)(?:/>|>(.*?)</c>)", sheet, re.S):
                attributes, body = cell.group(1), cell.group(2) or ""
                if re.search(r'\bt="s"', attributes):
                    index = re.search(r"<v>\s*(\d+)\s*</v>", body)
                    if index and int(index.group(1)) < len(strings):
                        out.append(strings[int(index.group(1))])
                else:
                    out.append(xml_text(body.encode()))
        return " ".join(out)


def pptx_text(path):
    with zipfile.ZipFile(path) as z:
        slides = sorted(n for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))
        return " ".join(xml_text(z.read(n)) for n in slides)


def odt_text(path):
    with zipfile.ZipFile(path) as z:
        return xml_text(z.read("content.xml"))


class _HTMLText(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text_of(markup):
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


BOMS = [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]


def decode_with_bom(raw, declared=None):
    """A byte-order mark first, then the declared charset, UTF-8, and CP1252 as the last resort."""
    for charset in [name for bom, name in BOMS if raw.startswith(bom)][:1] + [declared, "utf-8"]:
        if charset:
            try:
                return raw.decode(charset)
            except (LookupError, UnicodeDecodeError):
                pass
    return raw.decode("cp1252", "replace")


def html_file_text(path):
    raw = open(path, "rb").read()
    match = re.search(rb'charset=["\']?([A-Za-z0-9_-]+)', raw[:4096])
    return html_text_of(decode_with_bom(raw, match.group(1).decode() if match else None))


def eml_text(path):
    with open(path, "rb") as f:
        return message_text(email.message_from_binary_file(f, policy=email.policy.default))


def message_text(message):
    """Subject/From/To/Date, the body as a mail reader shows it (plain text preferred over its
    HTML alternative), every text attachment, and attached messages (a digest's) the same way."""
    out = [str(message.get(h, "")) for h in ("Subject", "From", "To", "Date")]
    body = message.get_body(preferencelist=("plain", "html"))
    attachments = list(message.iter_attachments()) if message.is_multipart() else []
    for part in ([body] if body is not None else []) + attachments:
        if part.get_content_type() == "message/rfc822":
            out.append(message_text(part.get_content()))
            continue
        if part.get_content_maintype() != "text":
            continue
        try:
            content = part.get_content()
        except (LookupError, UnicodeError, AssertionError):
            content = part.get_payload(decode=True).decode("utf-8", "replace")
        out.append(html_text_of(content) if part.get_content_subtype() == "html" else content)
    return "\n".join(out)


def table_text(path, delimiter):
    text = decode_with_bom(open(path, "rb").read())
    return "\n".join(" ".join(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter))


def pdf_text(path):
    result = subprocess.run(["pdftotext", "-q", path, "-"], capture_output=True, timeout=120)
    return result.stdout.decode("utf-8", "replace")


REFERENCES = {
    ".pdf": pdf_text, ".eml": eml_text, ".docx": docx_text, ".xlsx": xlsx_text,
    ".pptx": pptx_text, ".odt": odt_text, ".html": html_file_text, ".htm": html_file_text,
    ".csv": lambda p: table_text(p, ","), ".tsv": lambda p: table_text(p, "\t"),
}


def reference_text(path):
    extract = REFERENCES.get(extension(path))
    if extract is None:
        return None
    try:
        return extract(path)
    except Exception as error:  # a reference we cannot make is left out, not guessed
        print(f"note: no reference for {path}: {type(error).__name__}: {error}", file=sys.stderr)
        return None


# ---- running a binary ----------------------------------------------------------------------

def extension(path):
    name = os.path.basename(path)
    return os.path.splitext(name)[1].lower() if "." in name.lstrip(".") else "(none)"


def run_index(binary, folder, workdir):
    """Indexes folder with binary; returns (summary JSON, index path, seconds)."""
    cache = os.path.join(workdir, "cache")
    os.makedirs(cache, exist_ok=True)
    index = os.path.join(workdir, "index.sqlite")
    started = time.monotonic()
    result = subprocess.run([binary, "index", folder, "--json", "--retriever", "bm25", "--index", index],
                            capture_output=True, env=dict(os.environ, XDG_CACHE_HOME=cache))
    seconds = time.monotonic() - started
    lines = [l for l in result.stdout.decode("utf-8", "replace").splitlines() if l.startswith("{")]
    if result.returncode != 0 or not lines:
        sys.exit(f"{binary} index {folder} failed (exit {result.returncode}): {result.stderr.decode()[-500:]}")
    return json.loads(lines[-1]), index, seconds


def decode_path(blob):
    return blob.decode("utf-8", "surrogateescape") if isinstance(blob, bytes) else blob


def read_index(index):
    db = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    texts = {decode_path(p): t for p, t in db.execute("SELECT path, text FROM documents")}
    skipped = {decode_path(p): r for p, r in db.execute("SELECT path, reason FROM skipped_files")}
    db.close()
    return texts, skipped


def lone_reason(binary, folder, relative):
    """Why binary skips one file, learnt by indexing a folder that holds only that file."""
    with tempfile.TemporaryDirectory(prefix="real-folder-") as work:
        alone = os.path.join(work, "folder")
        os.makedirs(alone)
        shutil.copy2(os.path.join(folder, relative), os.path.join(alone, os.path.basename(relative)))
        summary, _, _ = run_index(binary, alone, os.path.join(work, "run"))
        counts = summary.get("skipped") or {}
        if isinstance(counts, dict):
            reasons = [r for r, n in counts.items() if n]
            return reasons[0] if len(reasons) == 1 else "unknown"
        return counts[0].get("reason", "unknown") if counts else ("read" if summary.get("documents") else "unknown")


def measure(binary, folder, files):
    """Per file: ('read', text) or ('skipped', reason)."""
    with tempfile.TemporaryDirectory(prefix="real-folder-") as work:
        summary, index, seconds = run_index(binary, folder, work)
        texts, remembered = read_index(index)
    named = {}
    if isinstance(summary.get("skipped"), list):
        named = {s["path"]: s.get("reason", "unknown") for s in summary["skipped"]}
    outcome = {}
    for relative in files:
        if relative in texts:
            outcome[relative] = ("read", texts[relative])
        elif relative in named:
            outcome[relative] = ("skipped", named[relative])
        elif relative in remembered:
            outcome[relative] = ("skipped", remembered[relative])
        else:
            outcome[relative] = ("skipped", lone_reason(binary, folder, relative))
    return summary, seconds, outcome


def list_files(folder):
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [os.path.relpath(os.path.join(root, n), folder) for n in sorted(names) if not n.startswith(".")]
    return found


# ---- the report ----------------------------------------------------------------------------

def fmt_reasons(counter):
    return ", ".join(f"{r} {n}" for r, n in sorted(counter.items())) or "—"


def fmt_f1(values):
    return f"{statistics.mean(values):.2f} (n={len(values)})" if values else "—"


def report(folder, files, runs):
    by_ext = collections.defaultdict(list)
    for f in files:
        by_ext[extension(f)].append(f)
    references = {f: reference_text(os.path.join(folder, f)) for f in files}
    rows, per_file = [], []
    totals = {label: collections.Counter() for label in runs}
    print("| ext | files | read before → after | skipped before | skipped after | F1 bag before → after | F1 vocab before → after |")
    print("|---|---:|---|---|---|---|---|")
    for ext in sorted(by_ext, key=lambda e: (-len(by_ext[e]), e)):
        group = by_ext[ext]
        cells = {}
        for label, (_, _, outcome) in runs.items():
            read = [f for f in group if outcome[f][0] == "read"]
            skipped = collections.Counter(outcome[f][1] for f in group if outcome[f][0] == "skipped")
            totals[label]["read"] += len(read)
            totals[label].update({"skip:" + r: n for r, n in skipped.items()})
            bag, vocab = [], []
            for f in read:
                # A reference without a word (a scanned PDF to pdftotext) measures nothing.
                if references[f] is not None and WORD.search(references[f]):
                    mine, theirs = words(outcome[f][1]), words(references[f])
                    bag.append(bag_f1(mine, theirs))
                    vocab.append(vocab_f1(mine, theirs))
                    per_file.append({"binary": label, "path": f, "bag_f1": round(bag[-1], 3), "vocab_f1": round(vocab[-1], 3)})
            cells[label] = (len(read), skipped, bag, vocab)
        b, a = cells["before"], cells["after"]
        print(f"| {ext} | {len(group)} | {b[0]} → {a[0]} | {fmt_reasons(b[1])} | {fmt_reasons(a[1])} "
              f"| {fmt_f1(b[2])} → {fmt_f1(a[2])} | {fmt_f1(b[3])} → {fmt_f1(a[3])} |")
    for label in runs:
        skips = {k[5:]: n for k, n in totals[label].items() if k.startswith("skip:")}
        print(f"\n{label}: {len(files)} files, read {totals[label]['read']}, skipped {sum(skips.values())} "
              f"({fmt_reasons(skips)}); index took {runs[label][1]:.1f} s")
    return per_file


def speed(folder, binaries, runs):
    size = sum(os.path.getsize(os.path.join(folder, f)) for f in list_files(folder))
    results = {label: [] for label in binaries}
    for _ in range(runs):
        for label, binary in binaries.items():
            with tempfile.TemporaryDirectory(prefix="real-folder-speed-") as work:
                summary, _, seconds = run_index(binary, folder, work)
                results[label].append((summary.get("mb_per_second"), seconds))
    print(f"\nindex speed on {folder} ({size / 1e6:.1f} MB, {runs} runs each, interleaved, fresh index, --retriever bm25):")
    print("| binary | MB/s (its own figure) per run | median MB/s | wall s per run |")
    print("|---|---|---:|---|")
    for label, values in results.items():
        rates = [r for r, _ in values]
        print(f"| {label} | {', '.join(str(r) for r in rates)} | {statistics.median(rates):.2f} "
              f"| {', '.join(f'{s:.2f}' for _, s in values)} |")
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", help="the folder to measure (leave out with --speed to time only)")
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--speed", metavar="DIR")
    parser.add_argument("--speed-runs", type=int, default=3)
    parser.add_argument("--json", metavar="OUT", help="also write per-file outcomes and F1 here")
    args = parser.parse_args()
    if not args.folder and not args.speed:
        parser.error("give a FOLDER, --speed DIR or both")
    runs, per_file = {}, []
    if args.folder:
        folder = os.path.abspath(args.folder)
        files = list_files(folder)
        runs = {label: measure(os.path.abspath(binary), folder, files)
                for label, binary in (("before", args.before), ("after", args.after))}
        per_file = report(folder, files, runs)
    speeds = speed(os.path.abspath(args.speed), {"before": args.before, "after": args.after}, args.speed_runs) if args.speed else None
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"files": {label: {f: (o[0] if o[0] == "read" else o[1]) for f, o in outcome.items()}
                                 for label, (_, _, outcome) in runs.items()},
                       "f1": per_file, "speed": speeds}, out, indent=1)


if __name__ == "__main__":
    main()
