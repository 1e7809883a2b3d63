/// A one-line prompt at the bottom of the screen.
public enum Prompt: Equatable, Sendable {
    case search, folder, scope
}
