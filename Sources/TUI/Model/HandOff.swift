import Documents
import Foundation

/// How the answer's place is handed to the rest of the terminal: an editor at the line (and
/// column where the editor takes one), a pager at the line. Pure: the application runs what
/// this returns.
public enum HandOff {
    /// The command line that opens `file` at `position` in `editor` ($VISUAL or $EDITOR,
    /// possibly with arguments of its own). It runs through `/bin/sh -c '<editor> "$@"'`, as
    /// git runs editors, so "code -w" or "emacsclient -t" work.
    public static func editorCommand(editor: String, file: String, position: TextPosition?) -> [String] {
        ["/bin/sh", "-c", editor + " \"$@\"", "sh"] + editorArguments(editor: editor, file: file, position: position)
    }

    /// The arguments after the editor's own: each family's convention for line and column.
    public static func editorArguments(editor: String, file: String, position: TextPosition?) -> [String] {
        guard let position else { return [file] }
        let line = position.line
        let name = programName(editor)
        switch name {
        case "vim", "nvim", "gvim", "mvim", "vimx", "view", "nvim-qt":
            // cursor() counts bytes in the line, as vim's columns do.
            return ["+call cursor(\(line), \(position.byteColumn))", file]
        case "emacs", "emacsclient", "kak", "micro":
            return ["+\(line):\(position.column)", file]
        case "nano", "rnano":
            return ["+\(line),\(position.column)", file]
        case "hx", "helix", "subl", "sublime_text":
            return ["\(file):\(line):\(position.column)"]
        case "code", "codium", "code-insiders":
            return ["--goto", "\(file):\(line):\(position.column)"]
        default:
            // vi, ed, joe, jed, ne, mg, most others: +line.
            return ["+\(line)", file]
        }
    }

    /// The pager's command: `less +line` (and `more`, `most`), others at the top.
    public static func pagerCommand(pager: String, position: TextPosition?) -> [String] {
        var arguments: [String] = []
        if let position, ["less", "more", "most"].contains(programName(pager)) { arguments.append("+\(position.line)") }
        return ["/bin/sh", "-c", pager + " \"$@\"", "sh"] + arguments
    }

    /// The basename of the first word of a command ("/usr/bin/nvim -p" → "nvim").
    public static func programName(_ command: String) -> String {
        let first = command.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? command
        return (first as NSString).lastPathComponent
    }

    /// Whether the editor can open the document's own file at the indexed text's line: true
    /// for plain text formats, whose indexed text is the file's text (CRLF → LF). HTML and PDF
    /// lines are those of the extracted text, so they go to the pager instead.
    public static func editorOpensFile(_ documentPath: String) -> Bool {
        DocumentFormat(pathExtension: (documentPath as NSString).pathExtension)?.indexedTextIsFileText ?? false
    }

    /// A message of an mbox (`inbox.mbox#3`, `DocumentName`) opens in the editor as its mbox
    /// file, at the message's "From " line: the message's indexed text (decoded, its header
    /// block shortened) has other lines than the file, so the answer's own line is not given.
    /// nil for any other document, or when the file no longer holds that message. Reads at
    /// most the mail size limit of the file (4 × the default text limit).
    public static func mailboxMessageInEditor(_ documentPath: String, folder: URL) -> (file: String, position: TextPosition?)? {
        guard let (path, message) = DocumentName.mailboxMessage(documentPath) else { return nil }
        let file = folder.appendingPathComponent(path).path
        guard let handle = FileHandle(forReadingAtPath: file) else { return nil }
        defer { try? handle.close() }
        let bytes = (try? handle.read(upToCount: DocumentLoader.defaultMaxFileBytes * DocumentLoader.mailBytesPerTextByte)) ?? nil
        let line = bytes.flatMap { Mailbox.line(ofMessage: message, in: Array($0)) }
        return (file, line.map { TextPosition(line: $0, column: 1, byteColumn: 1, page: 1) })
    }
}
