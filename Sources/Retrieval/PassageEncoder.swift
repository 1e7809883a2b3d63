/// Turns texts into unit-length vectors whose dot product says how related they are (a
/// sentence encoder such as all-MiniLM-L6-v2). Questions and passages use the same encoder.
/// Retrieval only stores and searches the vectors; the model lives in a higher module and is
/// handed in through this protocol.
public protocol PassageEncoder: Sendable {
    /// Names the model and its settings; stored with the vectors, which are recomputed when it
    /// changes.
    var identifier: String { get }
    var dimension: Int { get }
    /// One L2-normalised vector of `dimension` floats per text, in order.
    func encode(_ texts: [String]) throws -> [[Float]]
}
