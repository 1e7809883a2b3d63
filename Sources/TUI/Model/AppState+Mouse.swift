/// Clicks and the wheel, placed by the renderer's `HitMap`.
extension AppState {
    mutating func handleMouse(_ event: MouseEvent) -> [Effect] {
        func inside(_ rect: Rect?) -> Bool {
            guard let rect else { return false }
            return event.row >= rect.row && event.row < rect.row + rect.height && event.column >= rect.column && event.column < rect.column + rect.width
        }
        switch event.kind {
        case .wheelUp, .wheelDown:
            let step = event.kind == .wheelDown ? 1 : -1
            if inside(hitMap.viewer) { scroll(by: 3 * step) } else if inside(hitMap.answers) { select(selected + step) }
        case .press:
            if let index = hitMap.answerRows[event.row], inside(hitMap.answers) {
                focus = .answers
                select(index)
            } else if inside(hitMap.viewer) {
                focus = .viewer
            } else if inside(hitMap.answers) {
                focus = .answers
            } else if inside(hitMap.question) {
                focus = .question
            }
        }
        return []
    }
}
