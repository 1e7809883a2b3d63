/// A mouse press or wheel step at a screen cell.
public struct MouseEvent: Equatable, Hashable, Sendable {
    public enum Kind: Equatable, Hashable, Sendable { case press, wheelUp, wheelDown }
    public var row: Int
    public var column: Int
    public var kind: Kind

    public init(row: Int, column: Int, kind: Kind) {
        self.row = row
        self.column = column
        self.kind = kind
    }
}
