import Foundation

/// The instruments provisions cite ("ICCPR art. 9(3)" → the International Covenant on Civil and
/// Political Rights), read from `instruments.txt` so a lawyer can extend it without recompiling.
public struct InstrumentTable: Sendable, Equatable {
    public struct Instrument: Sendable, Equatable {
        /// The footnote key: `inst:` and the first prefix.
        public var key: String
        public var prefixes: [String]
        public var citation: String
        /// How the text names it in another language ("Pacte international relatif aux droits civils
        /// et politiques"); nil in English, where the provision's own words name it.
        public var name: String? = nil
    }
    public var instruments: [Instrument]

    public init(parsing text: String) {
        instruments = text.split(separator: "\n").compactMap { line in
            let line = line.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#"), let separator = line.range(of: " :: ") else { return nil }
            let prefixes = line[..<separator.lowerBound].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            var citation = line[separator.upperBound...].trimmingCharacters(in: .whitespaces)
            // `prefixes :: name in the text :: footnote` in a language's own table.
            var name: String?
            if let second = citation.range(of: " :: ") {
                name = citation[..<second.lowerBound].trimmingCharacters(in: .whitespaces)
                citation = citation[second.upperBound...].trimmingCharacters(in: .whitespaces)
            }
            guard let first = prefixes.first, !citation.isEmpty else { return nil }
            return Instrument(key: "inst:" + Markup.sanitizeKey(first), prefixes: prefixes, citation: citation, name: name?.nilIfEmpty)
        }
    }

    /// The instrument a provision cites: the longest prefix that starts the provision, followed by a
    /// non-letter (so "CAT" does not match "CATegory").
    public func instrument(for provision: String) -> Instrument? { match(provision)?.instrument }

    /// The instrument and how many leading characters of the provision name it.
    func match(_ provision: String) -> (instrument: Instrument, length: Int)? {
        let text = provision.lowercased()
        var best: (Instrument, Int)?
        for instrument in instruments {
            for prefix in instrument.prefixes {
                let p = prefix.lowercased()
                guard text.hasPrefix(p) else { continue }
                let rest = text.dropFirst(p.count)
                if let next = rest.first, next.isLetter || next.isNumber { continue }
                if p.count > (best?.1 ?? 0) { best = (instrument, p.count) }
            }
        }
        return best.map { ($0.0, $0.1) }
    }
}
