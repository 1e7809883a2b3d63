/// How external tools run while documents are read: their limits and the token that stops
/// them. One value per indexing run; `DocumentLoader.load` hands it to every tool it runs.
public struct ToolSettings: Sendable {
    /// Wall-clock seconds per file for a converter (pdftotext, antiword, unrtf…); a file
    /// over it is skipped as `timeout`.
    public var seconds: Double
    /// Wall-clock seconds per page for OCR (tesseract on one page or image).
    public var ocrPageSeconds: Double
    /// Pages OCR'd per PDF at most; the rest is named in the document's skip detail or left out.
    public var maxOCRPages: Int
    /// Stops every tool at once (the index run was cancelled).
    public var cancellation: ToolCancellation?
    /// Told before each page is OCR'd (page, pages to OCR), for progress: OCR takes seconds a
    /// page where every other format takes milliseconds a file. Called on the loading thread.
    public var onOCRPage: (@Sendable (_ page: Int, _ of: Int) -> Void)?

    public init(seconds: Double = ExternalTool.defaultSeconds, ocrPageSeconds: Double = ToolSettings.defaultOCRPageSeconds,
                maxOCRPages: Int = ToolSettings.defaultMaxOCRPages, cancellation: ToolCancellation? = nil) {
        self.seconds = seconds
        self.ocrPageSeconds = ocrPageSeconds
        self.maxOCRPages = maxOCRPages
        self.cancellation = cancellation
    }

    /// tesseract takes a few seconds for a dense 300 dpi page here; 60 s is an unreadable one.
    public static let defaultOCRPageSeconds = 60.0
    /// A scanned book of 50 pages is minutes of OCR; more is rarely worth the wait.
    public static let defaultMaxOCRPages = 50

    func limits(maxOutputBytes: Int) -> ExternalTool.Limits {
        ExternalTool.Limits(seconds: seconds, maxOutputBytes: maxOutputBytes)
    }
}
