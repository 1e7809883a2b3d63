#!/usr/bin/perl
# Writes Tests/Fixtures/mail/family-day.msg: a small Outlook .msg (an OLE2 compound file of
# MAPI property streams) for the .msg tests of MailDocumentTests, with OLE::Storage_Lite (a
# dependency of Debian's libemail-outlook-message-perl, whose msgconvert reads it back).
# Run: perl Scripts/make-msg-fixture.pl
use strict;
use warnings;
use Encode qw(encode);
use File::Basename qw(dirname);
use OLE::Storage_Lite;

my $out = dirname(__FILE__) . "/../Tests/Fixtures/mail/family-day.msg";
# Property id => text, stored as Unicode (type 001F, UTF-16LE) streams.
my %properties = (
    '0037' => "Family day \x{2013} save the date",                  # subject
    '0C1A' => "Jos\x{e9} P\x{e9}rez",                                # sender name
    '0C1F' => 'jose@example.org',                                    # sender address
    '0C1E' => 'SMTP',                                                # its type
    '0E04' => 'Ann Lee',                                             # To (display names)
    '1000' => "Dear colleagues,\r\n\r\nOur first annual family day takes place on Saturday 14 June. "
            . "There will be face painting, a petting zoo, and funnel cake for everyone.\r\n\r\nJos\x{e9}\r\n",
);
my @streams;
for my $id (sort keys %properties) {
    push @streams, OLE::Storage_Lite::PPS::File->new(
        OLE::Storage_Lite::Asc2Ucs("__substg1.0_${id}001F"), encode('UTF-16LE', $properties{$id}));
}
# The fixed-size properties stream: a 32-byte header for a top-level message, then 16-byte
# entries: the body's code page (PR_INTERNET_CPID 3FDE, a 32-bit integer) is 65001, UTF-8.
push @streams, OLE::Storage_Lite::PPS::File->new(OLE::Storage_Lite::Asc2Ucs('__properties_version1.0'),
    ("\0" x 32) . pack('v v V V V', 0x0003, 0x3FDE, 6, 65001, 0)
    # PR_CLIENT_SUBMIT_TIME (0039, a FILETIME: 100 ns since 1601): 2 June 2025 07:30 UTC.
    . pack('v v V Q<', 0x0040, 0x0039, 6, (1748849400 + 11644473600) * 10_000_000));
my $root = OLE::Storage_Lite::PPS::Root->new(undef, undef, \@streams);
$root->save($out) or die "cannot write $out\n";
print "wrote $out\n";
