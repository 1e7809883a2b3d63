import Documents
import Foundation

/// What opens over the panes and takes the keys while open: the help and information boxes
/// (`?`, `=`) and the one-line prompts (`/` search, `:` folder).
extension AppState {
    mutating func handleOverlay(_ key: Key, armed: Key?) -> [Effect] {
        guard var overlay else { return [] }
        let page = max(1, overlay.pageHeight - 1)
        switch key {
        case .character("j"), .down: overlay.scroll += 1
        case .character("k"), .up: overlay.scroll -= 1
        case .pageDown, .character(" "): overlay.scroll += page
        case .pageUp, .character("b"): overlay.scroll -= page
        case .character("g"), .home: overlay.scroll = 0
        case .character("G"), .end: overlay.scroll = Int.max / 2
        case .mouse(let event) where event.kind != .press:
            overlay.scroll += event.kind == .wheelDown ? 3 : -3
        case .control("c"):
            self.overlay = nil
            return cancelOrQuit(armed: armed)
        default:
            self.overlay = nil
            // A letter that is no command starts a question, as it does when browsing: typing
            // right after closing the help loses nothing.
            if key.printable != nil, KeyTable.binding(for: key, in: focus) == nil { return handle(key) }
            return []
        }
        overlay.scroll = max(0, overlay.scroll)  // the renderer clamps the bottom
        self.overlay = overlay
        return []
    }

    mutating func handlePrompt(_ prompt: Prompt, _ key: Key) -> [Effect] {
        switch key {
        case .escape, .control("c"):
            self.prompt = nil
        case .enter:
            self.prompt = nil
            let text = promptEditor.text
            switch prompt {
            case .search: search(text)
            case .scope: setScope(patterns: text)
            case .folder:
                let path = (text as NSString).expandingTildeInPath
                if !path.trimmingCharacters(in: .whitespaces).isEmpty { return [.loadFolder(path)] }
            }
        default:
            _ = promptEditor.apply(key)
        }
        return []
    }

    /// `/`: the search prompt, holding the last term.
    mutating func showSearchPrompt() {
        guard viewer != nil else {
            status = .info("open an answer first, then search its document with /")
            return
        }
        prompt = .search
        promptEditor = LineEditor(viewer?.searchTerm ?? "")
    }

    /// Ctrl-O: the folder prompt, holding the folder shown.
    mutating func showFolderPrompt() {
        prompt = .folder
        promptEditor = LineEditor(folder)
    }

    /// Lines of the information overlay (`=`): full paths, the last index run, skipped files.
    public var infoLines: [(keys: String, help: String)] {
        var lines: [(keys: String, help: String)] = [("", "Folder"), ("path", folder), ("model", modelName)]
        if let watchStatus { lines.append(("changes", watchStatus)) }
        lines.append(("retriever", vectors.explanation))
        if let answersRetriever, answerSet != nil { lines.append(("answers by", answersRetriever.displayName)) }
        if let viewer {
            lines += [("", "Document"), ("path", (folder as NSString).appendingPathComponent(viewer.documentPath))]
            if let position = viewer.position {
                lines.append(("answer at", "line \(position.line), column \(position.column)" + (viewer.isPaged ? ", page \(position.page)" : "")))
            }
            if let cell = viewer.cell { lines.append(("cell", ControlCharacters.spaced(cell))) }
        }
        if let index = lastIndex {
            lines += [("", "Last index run"), ("result", index.line),
                      ("files", "\(index.added) added, \(index.updated) updated, \(index.removed) removed, \(index.unchanged) unchanged"),
                      ("index", "\(index.documents) documents, \(index.passages) passages" + (index.cancelled ? " — partial" : ""))]
            if let notice = index.notice { lines.append(("notice", notice)) }
            lines.append(("", index.skipped.isEmpty ? "No file skipped" : "Skipped files (\(index.skipped.count))"))
            lines += index.skipped.map { ("", "  " + $0) }
            if !index.remarks.isEmpty {
                lines.append(("", "Read with remarks (\(index.remarks.count))"))
                lines += index.remarks.map { ("", "  " + $0) }
            }
        }
        return lines
    }
}
