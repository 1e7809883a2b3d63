/// A key press (or mouse event), decoded from the terminal.
public enum Key: Equatable, Hashable, Sendable {
    case character(Character)
    case control(Character)  // Ctrl-A … Ctrl-Z, by lowercase letter
    /// Alt (Meta) + a character: the terminal sends Esc then the character within the escape
    /// timeout.
    case alt(Character)
    case altBackspace
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    case resize
    case mouse(MouseEvent)

    /// Decodes a character code as ncurses delivers it.
    public init?(code: UInt32) {
        switch code {
        case 9: self = .tab
        case 10, 13: self = .enter
        case 27: self = .escape
        case 8, 127: self = .backspace
        case 1...26: self = .control(Character(Unicode.Scalar(code + 96)!))
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(code), !(0x80..<0xA0).contains(code) else { return nil }
            self = .character(Character(scalar))
        }
    }

    /// Esc followed by `next` within the escape timeout: Alt + that key.
    public static func alt(after next: Key) -> Key? {
        switch next {
        case let .character(c): return .alt(c)
        case .backspace: return .altBackspace
        default: return nil
        }
    }

    /// A printable character typed as text (not a command).
    var printable: Character? {
        if case let .character(c) = self { return c }
        return nil
    }
}
