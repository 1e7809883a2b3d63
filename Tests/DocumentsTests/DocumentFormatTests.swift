@testable import Documents
import XCTest

/// `DocumentFormat` is the one table of formats: the extension look-up, the message's list,
/// the loader's dispatch, mail attachments and the editor rule all come from its rows.
final class DocumentFormatTests: XCTestCase {
    func testEveryExtensionNamesItsFormatInAnyCaseAndNoExtensionIsClaimedTwice() {
        var seen: [String: DocumentFormat] = [:]
        for format in DocumentFormat.allCases {
            XCTAssertFalse(format.extensions.isEmpty, "\(format) has no extension")
            for pathExtension in format.extensions {
                XCTAssertNil(seen[pathExtension], "\(pathExtension) claimed by \(seen[pathExtension]!) and \(format)")
                seen[pathExtension] = format
                // An opt-in format (source code) is named only when opted in.
                let optedIn = format.isOptIn
                XCTAssertEqual(DocumentFormat(pathExtension: pathExtension, optedIn: optedIn), format)
                XCTAssertEqual(DocumentFormat(pathExtension: pathExtension.uppercased(), optedIn: optedIn), format)
                XCTAssertEqual(DocumentFormat(fileName: "Report 2024.\(pathExtension)", optedIn: optedIn), format)
                if optedIn { XCTAssertNil(DocumentFormat(pathExtension: pathExtension)) }
            }
        }
        XCTAssertNil(DocumentFormat(pathExtension: "exe"))
        XCTAssertNil(DocumentFormat(fileName: ".pdf"))  // a hidden file, not a PDF
        XCTAssertEqual(DocumentFormat(fileName: "mbox"), .mbox)
    }

    func testTheMessagesListHoldsEveryFormatsFirstExtension() {
        let listed = Set(DocumentFormat.readableExtensions.split(separator: " ").map(String.init))
        for format in DocumentFormat.allCases where format != .image && !format.isOptIn {
            XCTAssertTrue(listed.contains("." + format.extensions[0]), "\(format)")
        }
        XCTAssertTrue(DocumentFormat.readableExtensions.hasPrefix(".txt .md .rst .html .pdf .docx"))
        XCTAssertTrue(DocumentFormat.readableExtensions.hasSuffix(".png .jpg .tif .bmp .webp .gif (OCR)"))
    }

    func testMailAttachmentsAreReadAsTheFoldersFilesOfTheirFormat() {
        XCTAssertEqual(MailAttachment.kind(fileName: "rota.CSV", mediaType: "application/octet-stream"), .text(.csv))
        XCTAssertEqual(MailAttachment.kind(fileName: "notes.org", mediaType: "application/octet-stream"), .text(.org))
        XCTAssertEqual(MailAttachment.kind(fileName: "sheet.xlsx", mediaType: "application/octet-stream"), .office(.xlsx))
        XCTAssertEqual(MailAttachment.kind(fileName: "invite.ics", mediaType: "text/calendar"), .text(.text))
        XCTAssertEqual(MailAttachment.kind(fileName: nil, mediaType: "text/tab-separated-values"), .text(.tsv))
        XCTAssertEqual(MailAttachment.kind(fileName: "scan.png", mediaType: "image/png"), nil)
        XCTAssertEqual(MailAttachment.kind(fileName: "old.doc", mediaType: "application/msword"), nil)  // tools read files, not attachments
        XCTAssertEqual(MailAttachment.kind(fileName: "fwd.eml", mediaType: "message/rfc822"), .message)
    }

    func testATSVAttachmentIsReadAsRowsUnderItsHeaders() throws {
        let bytes = Array("Day\tLeader\nFriday\tAnne\n".utf8)
        guard case let .success((structured, lossy)) = MailAttachment.text(bytes, kind: .text(.tsv), charset: nil, tools: ToolSettings()) else {
            return XCTFail("not read")
        }
        XCTAssertEqual(structured.text, "Day: Friday · Leader: Anne.")
        XCTAssertFalse(lossy)
        XCTAssertTrue(structured.headings.isEmpty)  // the mail's own heading names the attachment
    }

    func testTheEditorOpensOnlyFormatsWhoseIndexedTextIsTheFile() {
        XCTAssertEqual(DocumentFormat.allCases.filter(\.indexedTextIsFileText), [.text, .markdown, .restructuredText, .org, .yaml, .log, .sourceCode])
        XCTAssertEqual(DocumentFormat.allCases.filter { $0.reading == .mail }, [.eml, .mbox, .msg])
    }
}
