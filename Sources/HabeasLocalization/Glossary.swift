import HabeasCore

/// The words of the closed vocabularies a case file uses, with their labels in one language: what
/// `habeas validate --lang` and `habeas assess --lang` print beside their English messages.
public struct Glossary: Sendable {
    public struct Entry: Sendable, Equatable {
        /// The catalogue key of the vocabulary ("event").
        public var vocabulary: String
        /// The English key as written in case files ("arrest").
        public var word: String
        public var label: String
        public var help: String
    }
    public private(set) var entries: [Entry] = []
    let localizer: Localizer

    public init(_ localizer: Localizer) { self.localizer = localizer }

    /// Adds a word once, in the order met.
    public mutating func add<V: Vocabulary>(_ word: V?) {
        guard let word else { return }
        let key = VocabularyKeys.key(of: V.self)
        guard !entries.contains(where: { $0.vocabulary == key && $0.word == word.rawValue }) else { return }
        entries.append(Entry(vocabulary: key, word: word.rawValue, label: localizer.label(word), help: localizer.help(word)))
    }

    /// Every closed-vocabulary word of a case file.
    public mutating func add(_ file: CaseFile) {
        add(file.person.sex)
        file.person.profile.forEach { add($0) }
        add(file.deprivation.kind)
        for event in file.timeline {
            add(event.type)
            add(event.attributes["kind"]?.text.flatMap(IllTreatmentKind.init(rawValue:)))
            add(event.attributes["authorityKind"]?.text.flatMap(AuthorityKind.init(rawValue:)))
            add(event.attributes["outcome"]?.text.flatMap(VerdictOutcome.init(rawValue:)))
        }
        for allegation in file.allegations {
            add(allegation.type)
            add(allegation.right)
            add(allegation.ground)
        }
        for item in file.evidence {
            add(item.kind)
            add(item.reliedOnBy)
            item.circumstances.forEach { add($0) }
        }
        for event in file.procedure {
            add(event.type)
            event.categories?.forEach { add($0) }
            add(event.by.flatMap(FollowUpBy.init(rawValue:)))
        }
        file.categoriesClaimed?.forEach { add($0) }
        add(file.source?.consentGivenBy)
    }

    /// One line per word: `  event  arrest — Арест: Начало лишения свободы…`.
    public var text: String {
        let width = entries.map(\.word.count).max() ?? 0
        return entries.map { entry in
            let pad = String(repeating: " ", count: max(0, width - entry.word.count))
            return "  \(entry.word)\(pad)  \(entry.label) — \(entry.help)"
        }.joined(separator: "\n")
    }
}
