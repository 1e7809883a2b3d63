#!/usr/bin/env python3
"""Writes the mail fixtures of Tests/DocumentsTests/MailDocumentTests.swift into
Tests/Fixtures/mail/, and expected.json: what Python's `email` package (policy.default) reads
from each one (subject, the body that get_body() prefers as get_content() gives it, and the
attachments' file names), which the Swift tests compare with MailDocument's text.

The messages are written byte by byte (not with EmailMessage) so that they hold what real
mailers send: folded headers, RFC 2047 words in two charsets, Latin-1 quoted-printable,
CRLF line ends, an RFC 2231 file name, a base64 .docx. Run: python3 Scripts/make-mail-fixtures.py
"""
import base64
import email
import email.policy
import io
import json
import pathlib
import quopri
import zipfile

out = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "Fixtures" / "mail"
out.mkdir(parents=True, exist_ok=True)


def b64(data: bytes) -> str:
    encoded = base64.b64encode(data).decode()
    return "\n".join(encoded[i:i + 76] for i in range(0, len(encoded), 76))


def qp(text: str, charset: str) -> str:
    return quopri.encodestring(text.encode(charset)).decode("ascii")


family_plain = (
    "Dear colleagues,\n\n"
    "Our first annual family day takes place on Saturday 14 June at the Lakeside park. "
    "There will be face painting, a petting zoo, and funnel cake for everyone. "
    "Please bring your families; the caf\u00e9 serves cr\u00e8me br\u00fbl\u00e9e all afternoon, "
    "and the long line of tents along the water will stay open until the evening so that nobody "
    "has to hurry home.\n\n"
    "Regards,\nJos\u00e9\n"
)
family_html = (
    "<html><body><p>Dear colleagues,</p><p>Our <b>first annual family day</b> takes place on "
    "Saturday 14 June at the Lakeside park. There will be face painting, a petting zoo, and "
    "funnel cake for everyone.</p></body></html>"
)
family = f"""Return-Path: <jose@example.org>
From: =?iso-8859-1?Q?Jos=E9_P=E9rez?= <jose@example.org>
To: staff@example.org,
 "Ann Lee" <ann@example.org>
Cc: hr@example.org
Date: Mon, 2 Jun 2025 09:30:00 +0200
Subject: =?utf-8?Q?Family_day_=E2=80=93?=
 =?utf-8?Q?_save_the_date?=
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="==alt=="

This is a multi-part message in MIME format.
--==alt==
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{qp(family_plain, "iso-8859-1")}
--==alt==
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

{qp(family_html, "utf-8")}
--==alt==--
"""

grusse_body = "Gr\u00fc\u00dfe aus Z\u00fcrich \u2713\nDie Sitzung beginnt um 10 Uhr im Raum \u00ab Nord \u00bb.\n"
grusse = f"""From: Lena <lena@example.ch>
To: team@example.ch
Date: Tue, 3 Jun 2025 08:00:00 +0200
Subject: =?UTF-8?B?{base64.b64encode("Grüße aus Zürich ✓".encode()).decode()}?=
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

{b64(grusse_body.encode())}
"""

menu_html = "<html><head><meta charset=windows-1252></head><body><h1>Men\u00fc</h1><p>Kaffee kostet 2 \u20ac, Kuchen 3 \u20ac.</p></body></html>"
menu = f"""From: kantine@example.de
To: alle@example.de
Date: Wed, 4 Jun 2025 11:00:00 +0200
Subject: =?iso-8859-1?q?Men=FC_der_Woche?=
MIME-Version: 1.0
Content-Type: text/html; charset=windows-1252
Content-Transfer-Encoding: quoted-printable

{qp(menu_html, "cp1252")}
"""


def docx(paragraphs):
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    document = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


rota_csv = "Day,Leader,Time\nMonday,Sarah,10am\nWednesday,Mark,2pm\n"
report_docx = docx(["Quarterly report", "Sales rose by 12 percent in the northern region."])
png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\0" * 16
attachments = f"""From: Mark <mark@example.com>
To: Sarah <sarah@example.com>
Date: Thu, 5 Jun 2025 16:45:00 +0000
Subject: Rota and report
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/alternative; boundary="inner"

--inner
Content-Type: text/plain; charset=us-ascii

Hi Sarah, the rota and the report are attached.
--inner
Content-Type: text/html; charset=us-ascii

<p>Hi Sarah, the rota and the report are <i>attached</i>.</p>
--inner--

--outer
Content-Type: text/csv; charset=utf-8
Content-Disposition: attachment; filename="rota.csv"

{rota_csv}
--outer
Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document
Content-Disposition: attachment;
 filename*=utf-8''Quartals%C3%BCbersicht.docx
Content-Transfer-Encoding: base64

{b64(report_docx)}
--outer
Content-Type: image/png; name="logo.png"
Content-Disposition: attachment; filename="logo.png"
Content-Transfer-Encoding: base64

{b64(png)}
--outer
Content-Type: application/pgp-signature; name="signature.asc"

-----BEGIN PGP SIGNATURE-----
-----END PGP SIGNATURE-----
--outer--
epilogue, never shown
"""

mbox = """From alice@example.com Mon Jun  2 09:00:00 2025
From: Alice <alice@example.com>
Subject: Picnic
Date: Mon, 2 Jun 2025 09:00:00 +0000

The picnic is on Friday by the river.
>From the station it is a ten-minute walk.

From bob@example.com Mon Jun  2 10:00:00 2025
From: Bob <bob@example.com>
Subject: Re: Picnic
Date: Mon, 2 Jun 2025 10:00:00 +0000
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

I will bring cr=E8me fra=EEche.
>>From here on, quoted twice.

From carol@example.com Mon Jun  2 11:00:00 2025
From: Carol <carol@example.com>
Subject: =?utf-8?B?UGljbmljIOKAkyB3ZWF0aGVy?=
Date: Mon, 2 Jun 2025 11:00:00 +0000

Rain is forecast after 4pm.
"""

fixtures = {
    "family-day.eml": family.replace("\n", "\r\n").encode("ascii"),
    "grusse.eml": grusse.encode("ascii"),
    "menu.eml": menu.encode("ascii"),
    "attachments.eml": attachments.encode("ascii"),
}
expected = {}
for name, data in fixtures.items():
    (out / name).write_bytes(data)
    message = email.message_from_bytes(data, policy=email.policy.default)
    body = message.get_body(preferencelist=("plain", "html"))
    expected[name] = {
        "subject": str(message["subject"]),
        "from": str(message["from"]),
        "body_type": body.get_content_type(),
        "body": body.get_content(),
        "attachments": [part.get_filename() for part in message.iter_attachments()],
    }
(out / "three.mbox").write_bytes(mbox.encode("ascii"))
import mailbox
boxed = mailbox.mbox(str(out / "three.mbox"))
expected["three.mbox"] = [
    {"subject": str(email.message_from_bytes(m.as_bytes(), policy=email.policy.default)["subject"]),
     "body": email.message_from_bytes(m.as_bytes(), policy=email.policy.default).get_body(("plain",)).get_content()}
    for m in boxed
]
(out / "expected.json").write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n")
print("wrote", ", ".join(sorted(list(fixtures) + ["three.mbox", "expected.json"])))
