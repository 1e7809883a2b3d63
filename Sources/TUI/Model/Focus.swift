/// Where keys go. In `.question` every printable key is text (typing mode); in `.answers`
/// and `.viewer` single keys are commands (browsing mode), and a printable key that is not a
/// command starts a new question, so typing never runs a command it did not mean.
public enum Focus: String, Equatable, Sendable, CaseIterable {
    case question, answers, viewer
}
