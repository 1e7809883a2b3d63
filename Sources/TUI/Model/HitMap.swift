/// Where the renderer put things, for mouse clicks: pane rectangles and the screen row of
/// each visible answer.
public struct HitMap: Equatable, Sendable {
    public var question: Rect?
    public var answers: Rect?
    public var viewer: Rect?
    /// Screen row → answer index.
    public var answerRows: [Int: Int] = [:]
}
