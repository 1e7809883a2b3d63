#!/usr/bin/env python3
"""Writes a one-page PDF whose content stream inflates to SIZE megabytes of drawing operators
(no text), the kind of file that keeps pdftotext busy for minutes (issue 20: a 3.8 MB PDF
inflating to 1.5 GB took ~90 s). For measuring `albertqa index --tool-seconds`; never
committed as a fixture (it is megabytes). Usage: make-pdf-bomb.py OUT.pdf [SIZE_MB, default 1500]"""
import sys
import zlib

out = sys.argv[1]
size = int(float(sys.argv[2]) * 1_000_000) if len(sys.argv) > 2 else 1_500_000_000
unit = b"1 0 0 1 0 0 cm 0 0 m 1 1 l\n" * 40_000
compressor = zlib.compressobj(9)
chunks = []
written = 0
while written < size:
    chunks.append(compressor.compress(unit))
    written += len(unit)
chunks.append(compressor.flush())
stream = b"".join(chunks)

objects = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>",
    b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
]
pdf = bytearray(b"%PDF-1.4\n")
offsets = []
for number, body in enumerate(objects, 1):
    offsets.append(len(pdf))
    pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
xref = len(pdf)
pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
with open(out, "wb") as file:
    file.write(pdf)
print(f"{out}: {len(pdf) / 1e6:.1f} MB, content inflates to {written / 1e6:.0f} MB")
