#!/usr/bin/env python3
"""Writes the small fixtures for the formats AlbertQA reads through Debian tools into
Tests/Fixtures/tools/ (committed; tests never run this):

  glaciers.rtf       RTF as Word writes it (\\uN with a \\'xx fallback, a title)
  rota.xls           an Excel 97 workbook of two sheets (needs Python's xlwt: pip install xlwt)
  scan.png           a page of text as pixels only (rendered by poppler's pdftoppm)
  scan.pdf           a PDF of one page that is only that image: no text layer
  locked.pdf         a text PDF with a user password (RC4-128; needs pypdf: pip install pypdf)
  family.doc         a Word 97 document: an OLE compound file written here, a FIB and one
                     8-bit text piece (antiword and catdoc read it)
  locked.doc         the same with the FIB's fEncrypted flag set
  survey.ppt         a PowerPoint 97 stream: slide titles and bodies as text atoms (catppt)

The text PDF the images come from is written by hand (Helvetica, one line per row)."""
import os
import struct
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


ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def cfb(streams):
    """A version 3 compound file (512-byte sectors) holding `streams` ({name: bytes}) in the
    root storage. Every stream is padded to 4096 bytes at least, so that all live in regular
    sectors (no mini stream)."""
    names = list(streams)
    data = {name: streams[name] + b"\0" * max(0, 4096 - len(streams[name])) for name in names}
    sectors = []  # bytes of each sector
    fat = []
    starts = {}
    for name in names:
        blob = data[name]
        count = (len(blob) + 511) // 512
        starts[name] = len(sectors)
        for i in range(count):
            sectors.append(blob[i * 512:(i + 1) * 512].ljust(512, b"\0"))
            fat.append(len(sectors) if i < count - 1 else ENDOFCHAIN)
    # Directory: root + streams, 4 entries per sector.
    def entry(name, kind, child=NOSTREAM, left=NOSTREAM, right=NOSTREAM, start=ENDOFCHAIN, size=0):
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBBIII", len(encoded), kind, 1, left, right, child)
                + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<IIIxxxx", start, size, 0)[:8] + b"\0" * 0)[:128].ljust(128, b"\0")
    # Sort streams the CFB way (length, then upper case) and hang them as a right-leaning chain.
    order = sorted(names, key=lambda n: (len(n), n.upper()))
    entries = [None] * (len(names) + 1)
    index = {name: i + 1 for i, name in enumerate(order)}
    entries[0] = entry("Root Entry", 5, child=index[order[0]])
    for i, name in enumerate(order):
        right = index[order[i + 1]] if i + 1 < len(order) else NOSTREAM
        entries[index[name]] = entry(name, 2, right=right, start=starts[name], size=len(streams[name]) if len(streams[name]) >= 4096 else len(data[name]))
    while len(entries) % 4:
        entries.append(b"\0" * 64 + struct.pack("<HBBIII", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM) + b"\0" * 48)
    directory_start = len(sectors)
    directory_sectors = len(entries) // 4
    for i in range(directory_sectors):
        sectors.append(b"".join(entries[i * 4:(i + 1) * 4]))
        fat.append(len(sectors) if i < directory_sectors - 1 else ENDOFCHAIN)
    # FAT sectors at the end, themselves marked.
    fat_count = 1
    while (len(fat) + fat_count) > fat_count * 128:
        fat_count += 1
    fat_start = len(sectors)
    fat += [FATSECT] * fat_count
    fat += [FREESECT] * (fat_count * 128 - len(fat))
    for i in range(fat_count):
        sectors.append(struct.pack("<128I", *fat[i * 128:(i + 1) * 128]))
    difat = [fat_start + i for i in range(fat_count)] + [FREESECT] * (109 - fat_count)
    header = (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, fat_count, directory_start, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
              + struct.pack("<109I", *difat))
    assert len(header) == 512, len(header)
    return header + b"".join(sectors)


def word97(paragraphs, encrypted=False):
    """A Word 97 document: a FIB, the text as one 8-bit piece, the piece table in 1Table."""
    text = ("\r".join(paragraphs) + "\r").encode("cp1252")
    text_at = 0x400
    fib = bytearray(text_at)
    struct.pack_into("<HHHHH", fib, 0, 0xA5EC, 0x00C1, 0x6A62, 0x0409, 0)
    # fWhichTblStm: the table stream is 1Table; fEncrypted when asked (the text stays plain).
    struct.pack_into("<H", fib, 0x0A, 0x0200 | (0x0100 if encrypted else 0))
    struct.pack_into("<H", fib, 0x0C, 0x00BF)  # nFibBack
    struct.pack_into("<II", fib, 0x18, text_at, text_at + len(text))  # fcMin, fcMac
    struct.pack_into("<H", fib, 0x20, 14)  # csw
    struct.pack_into("<H", fib, 0x3E, 22)  # cslw
    struct.pack_into("<I", fib, 0x40, text_at + len(text))  # cbMac
    struct.pack_into("<I", fib, 0x4C, len(text))  # ccpText
    struct.pack_into("<H", fib, 0x98, 0x5D)  # cbRgFcLcb
    # The piece table (CLX): one piece, 8-bit text (fc with bit 30, doubled).
    plc = struct.pack("<II", 0, len(text)) + struct.pack("<HIH", 0, (text_at * 2) | 0x40000000, 0)
    clx = b"\x02" + struct.pack("<I", len(plc)) + plc
    struct.pack_into("<II", fib, 0x1A2, 0, len(clx))  # fcClx, lcbClx (in 1Table)
    document = bytes(fib) + text
    return cfb({"WordDocument": document, "1Table": clx})


def record(kind, body, version=0, instance=0):
    return struct.pack("<HHI", version | (instance << 4), kind, len(body)) + body


def container(kind, children):
    return record(kind, b"".join(children), version=0xF)


def powerpoint97(slides):
    """A PowerPoint 97 stream: a document container whose slide list holds each slide's
    title (TextBytesAtom, 8-bit) and body (TextCharsAtom, UTF-16)."""
    atoms = []
    for title, body in slides:
        atoms += [record(0x0F9F, struct.pack("<I", 0)), record(0x0FA8, title.encode("latin-1")),
                  record(0x0F9F, struct.pack("<I", 1)), record(0x0FA0, body.encode("utf-16-le"))]
    document = container(0x03E8, [container(0x0FF0, atoms)])
    return cfb({"PowerPoint Document": document})


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
    from pypdf import PdfReader, PdfWriter
    with tempfile.TemporaryDirectory() as folder:
        plain = os.path.join(folder, "plain.pdf")
        with open(plain, "wb") as file:
            file.write(text_pdf(["Secret glacier data"]))
        writer = PdfWriter(clone_from=PdfReader(plain))
        writer.encrypt(user_password="password", owner_password="owner", algorithm="RC4-128")
        writer.write(os.path.join(OUT, "locked.pdf"))
    family = ["Annual family day", "There will be face painting, a petting zoo and funnel cake.", "Zoë brings the café crème."]
    with open(os.path.join(OUT, "family.doc"), "wb") as file:
        file.write(word97(family))
    with open(os.path.join(OUT, "locked.doc"), "wb") as file:
        file.write(word97(["Secret"], encrypted=True))
    with open(os.path.join(OUT, "survey.ppt"), "wb") as file:
        file.write(powerpoint97([("Glacier survey", "Zoë counted 12 crevasses on the Aletsch."), ("Budget", "Ropes cost 450 francs.")]))
    for name in sorted(os.listdir(OUT)):
        print(name, os.path.getsize(os.path.join(OUT, name)), "bytes")


if __name__ == "__main__":
    sys.exit(main())
