#!/usr/bin/env python3
"""Writes the small fixtures for the formats AlbertQA reads through Debian tools into
Tests/Fixtures/tools/ (committed; tests never run this):

  glaciers.rtf       RTF as Word writes it (\\uN with a \\'xx fallback, a title)
  rota.xls           an Excel 97 workbook of two sheets (needs Python's xlwt: pip install xlwt)
  scan.png           a page of text as pixels only (rendered by poppler's pdftoppm)
  scan.pdf           a PDF of one page that is only that image: no text layer

The text PDF the images come from is written by hand (Helvetica, one line per row)."""
import os
import subprocess
import sys
import tempfile
import zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "tools")
SCAN_LINES = ["The Aletsch glacier is", "23 kilometres long and", "lost 3 km since 1870."]


def pdf(objects):
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data, extra=b""):
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_pdf(lines, width=420, height=150):
    ops = b"BT /F1 26 Tf 20 %d Td 32 TL\n" % (height - 40)
    ops += b"".join(b"(%s) Tj T*\n" % line.encode("latin-1") for line in lines) + b"ET"
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>" % (width, height),
        stream(ops),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def image_pdf(pgm, width_pt, height_pt):
    # PGM (P5): header "P5\nW H\n255\n" then the grey bytes.
    parts = pgm.split(b"\n", 3)
    w, h = map(int, parts[1].split())
    pixels = parts[3]
    assert len(pixels) == w * h
    ops = b"q %d 0 0 %d 0 0 cm /Im1 Do Q" % (width_pt, height_pt)
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>" % (width_pt, height_pt),
        stream(ops),
        stream(zlib.compress(pixels, 9),
               b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode" % (w, h)),
    ])


def main():
    os.makedirs(OUT, exist_ok=True)
    # RTF as Word writes it: \uc1, then \uN followed by its one-byte fallback.
    rtf = (r"{\rtf1\ansi\ansicpg1252\uc1\deff0{\fonttbl{\f0 Times New Roman;}}" "\n"
           r"{\info{\title Glacier notes}}" "\n"
           r"{\b Ice ages\b0}\par" "\n"
           r"The Rh\u244\'f4ne glacier retreated 1.4 km since 1850 \endash  a na\u239\'efve caf\'e9 guess.\par" "\n"
           r"Meltwater feeds Lake Geneva.\par" "\n}\n")
    with open(os.path.join(OUT, "glaciers.rtf"), "w", encoding="ascii") as file:
        file.write(rtf)

    import xlwt
    book = xlwt.Workbook(encoding="utf-8")
    rota = book.add_sheet("Rota")
    for row, values in enumerate([["Day", "Leader", "Time"], ["Monday", "Sarah", "9am"],
                                  ["Wednesday", "Mark", "2pm"], ["Friday", "Zoë, \"Zed\"", "11am"]]):
        for column, value in enumerate(values):
            rota.write(row, column, value)
    budget = book.add_sheet("Budget")
    for row, values in enumerate([["Item", "Cost"], ["Face painting", 120], ["Petting zoo", 450.5]]):
        for column, value in enumerate(values):
            budget.write(row, column, value)
    book.save(os.path.join(OUT, "rota.xls"))

    with tempfile.TemporaryDirectory() as folder:
        source = os.path.join(folder, "text.pdf")
        with open(source, "wb") as file:
            file.write(text_pdf(SCAN_LINES))
        # 150 dpi: 26 pt letters are ~54 px tall, easily read; the files stay a few kB.
        subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", "-singlefile", source, os.path.join(OUT, "scan")], check=True)
        pgm = subprocess.run(["pdftoppm", "-r", "150", "-gray", "-singlefile", source], check=True, capture_output=True).stdout
    with open(os.path.join(OUT, "scan.pdf"), "wb") as file:
        file.write(image_pdf(pgm, 420, 150))
    for name in sorted(os.listdir(OUT)):
        print(name, os.path.getsize(os.path.join(OUT, name)), "bytes")


if __name__ == "__main__":
    sys.exit(main())
