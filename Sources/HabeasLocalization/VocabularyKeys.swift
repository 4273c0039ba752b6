import HabeasCore

/// Where each closed vocabulary of `habeas-case/1` (HabeasCore/Format/Vocabulary.swift) sits in
/// the catalogues: `vocabulary: <key>: <word>: "Label | help"`. The words stay the English keys of
/// the case format.
public enum VocabularyKeys {
    public static let all: [(key: String, type: any Vocabulary.Type)] = [
        ("sex", Sex.self), ("profile", Profile.self), ("deprivation-kind", DeprivationKind.self),
        ("event", EventType.self), ("allegation", AllegationType.self), ("right", Right.self),
        ("ground", DiscriminationGround.self), ("evidence-kind", EvidenceKind.self), ("relied-on-by", ReliedOnBy.self),
        ("evidence-circumstance", EvidenceCircumstance.self), ("procedure", ProcedureType.self), ("category", HabeasCore.Category.self),
        ("consent-given-by", ConsentGivenBy.self), ("verdict-outcome", VerdictOutcome.self), ("ill-treatment-kind", IllTreatmentKind.self),
        ("follow-up-by", FollowUpBy.self), ("authority-kind", AuthorityKind.self),
    ]

    public static func key<V: Vocabulary>(of type: V.Type) -> String {
        all.first { ObjectIdentifier($0.type) == ObjectIdentifier(type) }?.key ?? String(describing: type)
    }

    /// The words of a vocabulary, by catalogue key.
    public static func words(of key: String) -> [String] {
        guard let type = all.first(where: { $0.key == key })?.type else { return [] }
        return wordsOf(type)
    }

    static func wordsOf<V: Vocabulary>(_ type: V.Type) -> [String] { type.words }
}
