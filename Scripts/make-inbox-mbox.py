#!/usr/bin/env python3
"""Writes Tests/Fixtures/mail/inbox.mbox: three messages as a mail program stores them (an
mboxrd file, as Python's mailbox module writes it), the third with a CSV attachment, for the
tests of an mbox read as a document a message (Tests/CLITests/MailboxCLITests.swift,
Tests/RetrievalTests/MailboxIndexTests.swift). Deterministic: fixed dates, fixed boundary.
Run: python3 Scripts/make-inbox-mbox.py
"""
import email.policy
import mailbox
import pathlib
import time
from email.message import EmailMessage

out = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "Fixtures" / "mail" / "inbox.mbox"


def message(sender, subject, date, body):
    mail = EmailMessage(policy=email.policy.SMTP)
    mail["From"] = sender
    mail["To"] = "club@example.org"
    mail["Subject"] = subject
    mail["Date"] = date
    mail.set_content(body)
    return mail


first = message("Ines <ines@example.org>", "Boat club newsletter", "Mon, 2 Jun 2025 09:00:00 +0000",
                "The boat club thanks everyone who painted the fence in May.\n"
                "The annual dinner will be announced later this summer.\n")
second = message("Tom <tom@example.org>", "River clean-up on Saturday", "Tue, 3 Jun 2025 10:00:00 +0000",
                 "The volunteers meet at the old boathouse at eight o'clock on Saturday.\n"
                 "Gloves and bags are provided by the council.\n")
third = message("Ines <ines@example.org>", "Rowing timetable", "Wed, 4 Jun 2025 11:00:00 +0000",
                "The new rowing timetable is attached.\n")
third.add_attachment("Day,Coach,Boat\nMonday,Priya,Swift\nThursday,Jonas,Heron\n".encode(), maintype="text", subtype="csv",
                     filename="timetable.csv")
third.set_boundary("==boundary==")

out.unlink(missing_ok=True)
box = mailbox.mbox(str(out))
for index, mail in enumerate((first, second, third)):
    boxed = mailbox.mboxMessage(mail)
    boxed.set_from(mail["From"].addresses[0].addr_spec, time.strptime(f"2025-06-0{2 + index} 09:00", "%Y-%m-%d %H:%M"))
    box.add(boxed)
box.flush()
box.close()
print("wrote", out)
