#!/usr/bin/env python3
"""Writes the fuzzers' seed corpus, Fuzz/corpus/<harness>/ (small, valid-ish inputs that the
fuzzers mutate). Run from the repository root; the output is committed."""
import json
import os
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CORPUS = os.path.join(ROOT, "Fuzz", "corpus")


def write(harness, name, data):
    folder = os.path.join(CORPUS, harness)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)


def safetensors(tensors, metadata=None):
    header, blob = {}, b""
    for name, (dtype, shape, payload) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(blob), len(blob) + len(payload)]}
        blob += payload
    if metadata:
        header["__metadata__"] = metadata
    encoded = json.dumps(header, separators=(",", ":")).encode()
    return struct.pack("<Q", len(encoded)) + encoded + blob


floats = struct.pack("<6f", 0.5, -1.0, 2.0, 0.0, 3.25, -0.125)
halves = struct.pack("<4e", 1.0, -2.0, 0.5, 65504.0)
bf16 = bytes([0x80, 0x3F, 0x00, 0xC0])  # 1.0, -2.0
write("safetensors", "three-dtypes", safetensors({
    "qa_outputs.weight": ("F32", [2, 3], floats),
    "qa_outputs.bias": ("F16", [4], halves),
    "albert.embeddings.LayerNorm.weight": ("BF16", [2], bf16),
}, {"format": "pt"}))
write("safetensors", "empty-tensor", safetensors({"a": ("F32", [0, 4], b""), "b": ("I64", [1], b"\0" * 8)}))
write("safetensors", "header-only", safetensors({}))

tiny = json.load(open(os.path.join(ROOT, "Tests/Fixtures/tiny-shared/config.json")))
write("config", "tiny-shared.json", json.dumps(tiny, indent=1))
write("config", "default-model.json", open(os.path.join(ROOT, "Models/albert-qa-minilm-squad/config.json")).read())
write("config", "empty.json", "{}")
write("config", "odd-values.json", json.dumps({"num_hidden_layers": 12.0, "layer_norm_eps": 1e-5, "hidden_act": "gelu_new",
                                                "position_embedding_type": "absolute", "num_hidden_groups": 3}))
# Every Hub family's config (Tests/Fixtures/hub, Scripts/make-hub-fixtures.py): DistilBERT's own
# keys, RoBERTa's pad_token_id offset, ELECTRA's embedding_size.
for family in ["bert", "distilbert", "roberta", "xlm-roberta", "electra"]:
    write("config", f"hub-{family}.json", open(os.path.join(ROOT, f"Tests/Fixtures/hub/{family}/config.json")).read())

write("text-decoding", "utf8.txt", "Café déjà vu — naïve 数字 🙂\nsecond line\n")
write("text-decoding", "crlf.txt", "line one\r\nline two\rline three\r\n")
write("text-decoding", "utf8-bom.txt", b"\xef\xbb\xbfBOM text\n")
write("text-decoding", "utf16le.txt", b"\xff\xfe" + "UTF-16 LE é\r\n".encode("utf-16-le"))
write("text-decoding", "utf16be.txt", b"\xfe\xff" + "UTF-16 BE 🙂".encode("utf-16-be"))
write("text-decoding", "latin1.txt", "Caf\xe9 cr\xe8me".encode("latin-1"))
write("text-decoding", "binary.bin", bytes(range(0, 64)) + b"\x00ELF")

write("html", "page.html", """<!DOCTYPE html><html><head><title>T &amp; C</title><style>p{color:red}</style>
<script>if (a < b) { x = "</p>"; }</script></head><body><h1>Glaciers</h1><p>The Aletsch&nbsp;Glacier is
23&#160;km long &mdash; &#x1F600; &LongLeftRightArrow; &bogus; is <5 degrees, a<b>c</b>.</p><!-- comment -->
<ul><li>one<li>two</ul><pre>  kept
  spaces</pre><br/>end</body></html>""")
write("html", "broken.html", "<p <b>unclosed <a href='x>y'>link</a> &#99999999; &#x; <!-- never closed")

# Tables: the first byte of a csv input chooses the delimiter (0: sniffed) and the row limit.
write("csv", "rota.csv", b"\x00" + b'\xef\xbb\xbfDay,Leader,Time\r\nMonday,Sarah,10am\r\n"Wed, mid",Mark,"2pm\nsharp"\r\nFriday,"Ryan ""R""",\n')
write("csv", "semicolons.csv", b"\x02" + b"Name;Price\nTea;1,50\n\nCake;\"2;75\n")
write("csv", "unclosed.tsv", b"\x03" + b"a\tb\n\"open\tquote\nc\td\t\t\n")
write("markdown-tables", "tables.md", "# Rota\nintro\n| Day | Leader \\| co | Time |\n|:---|:-:|--:|\n| Wednesday | Mark | 2pm |\n| lone |\n\n```\n| a | b |\n|---|---|\n```\na|b\n-|-\n1|2\n")
write("xlsx-sheet", "sheet.xml", """<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>
<row r="2"><c r="A2" s="1"><v>45358</v></c><c r="B2" s="2"><v>45358.75</v></c><c r="C2" t="inlineStr"><is><t>Mark &amp; co</t></is></c>
<c r="XFD2"><v>1</v></c><c t="b"><v>1</v></c><c s="3"><v>0.25</v></c><c t="e"><v>#N/A</v></c><c t="s"><v>99</v></c></row>
<row><c r="A3"><v>0.30000000000000004</v></c><c r="B3"><v>1E+300</v></c><c><v><![CDATA[<x>]]></v></c></row></sheetData></worksheet>""")
write("ods-content", "content.xml", """<office:document-content><office:body><office:spreadsheet><table:table table:name="Rota">
<table:table-header-rows><table:table-row><table:table-cell><text:p>Day</text:p></table:table-cell><table:table-cell><text:p>Leader</text:p></table:table-cell>
<table:table-cell table:number-columns-repeated="16382"/></table:table-row></table:table-header-rows>
<table:table-row table:number-rows-repeated="3"><table:table-cell office:value-type="date" office:date-value="2024-03-07T14:30:00"><text:p>07/03</text:p></table:table-cell>
<table:table-cell table:number-columns-repeated="4"><text:p>Mark<text:s/>B</text:p><text:p>line 2</text:p><office:annotation><text:p>note</text:p></office:annotation></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
</table:table><table:table table:name="Nested"><table:table-row><table:table-cell><table:table><table:table-row><table:table-cell><text:p>in</text:p></table:table-cell></table:table-row></table:table></table:table-cell></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>""")

write("chunking", "paragraphs.txt", b"\x10\x01" + """Glaciers of the Alps

The Aletsch Glacier is the largest glacier in the Alps. It is 23 kilometres long. It lies in Valais.

"Quoted sentence." next one starts lower case. Dr. Smith arrived! Really? Yes…
   
Short.""".encode())
write("chunking", "long-word.txt", b"\x03\x02" + b"a" * 300 + b" b c d e f g h. I j k.\n\n\t\x0b\x0c\xc2\xa0x")

# PowerPoint: the fixture deck (an OLE container) and a bare record stream with a master slide.
write("powerpoint", "survey.ppt", open(os.path.join(ROOT, "Tests/Fixtures/tools/survey.ppt"), "rb").read())
def ppt_record(kind, body, container=False):
    return struct.pack("<HHI", 0xF if container else 0, kind, len(body)) + body
write("powerpoint", "records.bin", ppt_record(0x03E8, ppt_record(0x03F8, ppt_record(0x0FA8, b"Master"), True)
                                              + ppt_record(0x0FA0, "Zo\u00eb\rline\x0b".encode("utf-16-le"))
                                              + ppt_record(0x0FA8, b"Caf\xe9"), True))
write("query", "questions.txt", 'What is "the" Aletsch NEAR(glacier) * col:umn AND -x OR y?')
write("query", "unicode.txt", "Wann brach der Ätna aus? 数字 ١٢٣ e\u0301 🙂")
write("query", "stopwords.txt", "who is it?")

write("tokenizer", "mixed.txt", "When did ABC first start? It launched on October 12, 1943; 1,000,000 people — café, naïve, 数字, 🙂.")
write("tokenizer", "spaces.txt", "  leading\tand\u00a0odd\u2028spaces\u200b and accents e\u0301 ▁piece ")
