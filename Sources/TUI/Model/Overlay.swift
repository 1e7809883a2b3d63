/// A scrollable box over the screen: the key help, or the folder/index information.
public struct Overlay: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case help, info }
    public var kind: Kind
    public var scroll = 0
    /// Lines the box showed at the last layout (a page), set by the renderer.
    public var pageHeight = 10

    public init(kind: Kind) { self.kind = kind }
}
