#!/usr/bin/env python3
"""Agreement of AlbertQA's mail text with Python's `email` package.

Writes N generated messages (Python's EmailMessage: text/plain bodies in several charsets and
transfer encodings, some with an HTML alternative, non-ASCII subjects and senders) into a
temporary folder, indexes it with the albertqa binary given (a temporary XDG_CACHE_HOME), and
compares each stored document with Python's reading: the title with the Subject, and the body
(the paragraphs after the header block) with get_body(('plain',)).get_content(), line ends
normalised and trimmed. Prints the counts and the first disagreements.

    python3 Scripts/compare-mail-with-python.py .build/release/albertqa [N]
"""
import email
import email.policy
import glob
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from email.message import EmailMessage

binary = os.path.abspath(sys.argv[1])
count = int(sys.argv[2]) if len(sys.argv) > 2 else 200
rng = random.Random(20)

samples = {
    "utf-8": "Grüße aus Zürich – the café’s crème brûlée costs 4 €. Ελληνικά, русский, 日本語.",
    "iso-8859-1": "Déjà vu: naïve façade, señor, Ærø, 3½ ° und größer.",
    "iso-8859-15": "Le prix: 5 € pour l’œuvre, Œuf, Š, ž.".replace("’", "'"),
    "windows-1252": "“Smart quotes” — and… a dagger † and € sign, ‰.",
    "koi8-r": "Привет, мир! Съешь же ещё этих мягких французских булок.",
    "shift_jis": "こんにちは、世界。日本語のメールです。",
    "us-ascii": "Plain ASCII text, nothing special: 1 + 1 = 2.",
}
words = "meeting agenda budget river picnic report quarterly family day funnel cake petting zoo".split()

folder = tempfile.mkdtemp(prefix="albertqa-mail-agreement-")
docs = os.path.join(folder, "docs")
os.makedirs(docs)
expected = {}
for i in range(count):
    charset = rng.choice(list(samples))
    lines = [samples[charset]] + [" ".join(rng.choice(words) for _ in range(rng.randint(3, 30))).capitalize() + "."
                                  for _ in range(rng.randint(1, 6))]
    if rng.random() < 0.3:
        lines.append("x" * rng.randint(70, 200))  # long lines: soft breaks in quoted-printable
    body = "\n\n".join(lines) + "\n"
    message = EmailMessage(policy=email.policy.default)
    message["From"] = rng.choice(["José Pérez <jose@example.org>", "plain@example.com", "Ånna Ström <anna@example.se>"])
    message["To"] = "team@example.org"
    message["Subject"] = f"{rng.choice(words).capitalize()} {i} – {rng.choice(['naïve', 'plain', 'Grüße', 'café'])}"
    cte = rng.choice(["base64", "quoted-printable", "8bit"]) if charset not in ("us-ascii",) else "7bit"
    try:
        message.set_content(body, charset=charset, cte=cte)
    except (UnicodeError, ValueError):
        message.set_content(body, charset="utf-8", cte="base64")
    if rng.random() < 0.4:
        message.add_alternative(f"<html><body><p>{body[:40]}</p></body></html>", subtype="html")
    data = message.as_bytes()
    if rng.random() < 0.5:
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    name = f"m{i:04}.eml"
    with open(os.path.join(docs, name), "wb") as handle:
        handle.write(data)
    parsed = email.message_from_bytes(data, policy=email.policy.default)
    expected[name] = (str(parsed["subject"]), parsed.get_body(("plain",)).get_content())

env = dict(os.environ, XDG_CACHE_HOME=os.path.join(folder, "cache"))
subprocess.run([binary, "index", docs, "--retriever", "bm25"], env=env, check=True, stdout=subprocess.DEVNULL)
database = glob.glob(os.path.join(folder, "cache", "albertqa", "**", "*.sqlite*"), recursive=True)
database = [path for path in database if path.endswith((".sqlite", ".sqlite3", ".db"))] or database
rows = sqlite3.connect(database[0]).execute("SELECT path, title, text FROM documents").fetchall()


def normalised(text):
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


titles = bodies = 0
disagreements = []
for path, title, text in rows:
    name = bytes(path).decode() if isinstance(path, (bytes, memoryview)) else path
    subject, body = expected[name]
    titles += title == subject
    paragraphs = text.split("\n\n")
    ours = "\n\n".join(p for p in paragraphs[1:] if not p.startswith("Attachments: "))
    if ours == normalised(body):
        bodies += 1
    else:
        disagreements.append((name, ours[:120], normalised(body)[:120]))
print(f"{len(rows)} of {count} messages indexed; titles agree {titles}/{len(rows)}, bodies agree {bodies}/{len(rows)}")
for name, ours, theirs in disagreements[:5]:
    print(f"  {name}\n    ours:   {ours!r}\n    python: {theirs!r}")
shutil.rmtree(folder)
sys.exit(1 if disagreements or len(rows) != count else 0)
