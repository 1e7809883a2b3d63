import Answering

/// The few facts of an answer the interface shows, read in one place: when the Answering
/// module's `Answer` changes (a probability, a "not found" marker), only this file follows.
extension Answer {
    /// The confidence to show, 0...1, or nil when it is not a finite number (NaN/Inf weights
    /// give such scores: never converted to an integer, never drawn).
    var shownConfidence: Double? {
        confidence.isFinite ? min(1, max(0, confidence)) : nil
    }

    /// Whether the answer can be shown at all: finite numbers and a place in a document.
    var isShowable: Bool { confidence.isFinite && score.isFinite && !locations.isEmpty }

    /// The percentage is the softmax share of a model without calibration: a score, labelled
    /// so, never shown as a probability.
    var percentIsScore: Bool { !isCalibrated }

    /// The reader thinks its passage does not answer: shown as a guess.
    var isGuess: Bool { belowNullScore }
}
