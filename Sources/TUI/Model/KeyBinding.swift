/// One row of the key table: the keys, where they work, the help line, and what they do.
/// The help overlay is drawn from the table and key handling dispatches through it, so the
/// two never disagree, and a new key is its row (and the README's line).
public struct KeyBinding: Sendable {
    /// What a key does to the state, and what the application is to do after it. `armed` is
    /// the key that armed a quit confirmation before this key (q, Ctrl-C), if any.
    public typealias Action = @Sendable (_ state: inout AppState, _ armed: Key?) -> [Effect]

    public var keys: [Key]
    /// How the help shows the keys; "" for a row that shares the previous row's help line
    /// (as "↑ ↓" covers two rows).
    public var label: String
    public var scopes: Set<Focus>
    public var help: String
    public let action: Action

    /// A key that only changes the state.
    init(keys: [Key], label: String, scopes: Set<Focus>, help: String, does change: @escaping @Sendable (inout AppState) -> Void) {
        self.init(keys: keys, label: label, scopes: scopes, help: help, confirming: { state, _ in change(&state); return [] })
    }

    /// A key whose action asks the application for effects (ask, open, copy…).
    init(keys: [Key], label: String, scopes: Set<Focus>, help: String, effects: @escaping @Sendable (inout AppState) -> [Effect]) {
        self.init(keys: keys, label: label, scopes: scopes, help: help, confirming: { state, _ in effects(&state) })
    }

    /// A key pressed twice to confirm (quitting): its action sees which key armed it.
    init(keys: [Key], label: String, scopes: Set<Focus>, help: String, confirming action: @escaping Action) {
        self.keys = keys
        self.label = label
        self.scopes = scopes
        self.help = help
        self.action = action
    }
}
