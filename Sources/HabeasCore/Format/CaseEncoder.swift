import Foundation

extension CaseFile {
    /// The case as an ordered value, keys in the spec's order; empty optional lists are omitted.
    public var value: Value {
        var o = ObjectBuilder()
        o.set("format", format)
        o.set("id", id)
        o.set("title", title)
        o.set("state", state)
        o.set("reportedAsOf", reportedAsOf)
        o.set("language", language)
        o.set("groups", strings: groups)
        o.set("person", person.value)
        o.set("deprivation", deprivation.value)
        o.set("charges", list: charges.map(\.value))
        o.set("timeline", Value.array(timeline.map(\.value)))
        o.set("allegations", list: allegations.map(\.value))
        o.set("evidence", list: evidence.map(\.value))
        o.set("procedure", list: procedure.map(\.value))
        o.set("domesticRemedies", list: domesticRemedies.map(\.value))
        o.set("source", source?.value)
        if let categoriesClaimed { o.set("categoriesClaimed", Value.array(categoriesClaimed.map { .string($0.rawValue) })) }
        o.set("summary", summary)
        o.set("references", list: references.map(\.value))
        o.set("extensions", extensions)
        return o.value
    }

    public func jsonText() -> String { ValueWriter.json(value) }
    public func yamlText() -> String { ValueWriter.yaml(value) }
}

extension Person {
    var value: Value {
        var o = ObjectBuilder()
        o.set("name", name)
        o.set("otherNames", strings: otherNames)
        o.set("sex", sex?.rawValue)
        o.set("birthDate", birthDate)
        o.set("nationalities", strings: nationalities)
        o.set("idDocument", idDocument)
        o.set("occupation", occupation)
        o.set("address", address)
        o.set("profile", strings: profile.map(\.rawValue))
        o.set("civilian", civilian)
        return o.value
    }
}

extension Deprivation {
    var value: Value {
        var o = ObjectBuilder()
        o.set("kind", kind?.rawValue)
        o.set("ongoing", ongoing)
        o.set("places", list: places.map { place in
            var p = ObjectBuilder()
            p.set("name", place.name)
            p.set("from", place.from)
            p.set("to", place.to)
            p.set("official", place.official)
            return p.value
        })
        o.set("heldBy", heldBy)
        o.set("details", details)
        o.set("individualAssessment", individualAssessment)
        o.set("periodicReview", periodicReview)
        o.set("legalMaximum", legalMaximum)
        o.set("orderIssued", orderIssued)
        return o.value
    }
}

extension Charge {
    var value: Value {
        var o = ObjectBuilder()
        o.set("label", label)
        o.set("law", law)
        o.set("details", details)
        return o.value
    }
}

extension AttributeValue {
    var value: Value {
        switch self {
        case .bool(let v): .bool(v)
        case .text(let v): .string(v)
        case .date(let v): .string(v.description)
        case .categories(let v): .array(v.map { .string($0.rawValue) })
        }
    }
}

extension TimelineEvent {
    var value: Value {
        var o = ObjectBuilder()
        o.set("date", date)
        o.set("type", type.rawValue)
        o.set("approximate", approximate)
        for spec in type.attributeSpecs { o.set(spec.key, attributes[spec.key]?.value) }
        o.set("place", place)
        o.set("details", details)
        o.set("sourceRefs", strings: sourceRefs)
        return o.value
    }
}

extension Allegation {
    var value: Value {
        var o = ObjectBuilder()
        o.set("type", type.rawValue)
        o.set("right", right?.rawValue)
        o.set("ground", ground?.rawValue)
        o.set("details", details)
        o.set("evidenceRefs", strings: evidenceRefs)
        o.set("sourceRefs", strings: sourceRefs)
        return o.value
    }
}

extension EvidenceItem {
    var value: Value {
        var o = ObjectBuilder()
        o.set("id", id)
        o.set("title", title)
        o.set("kind", kind?.rawValue)
        o.set("obtained", obtained)
        o.set("reliedOnBy", reliedOnBy?.rawValue)
        o.set("circumstances", strings: circumstances.map(\.rawValue))
        o.set("details", details)
        return o.value
    }
}

extension ProcedureEvent {
    var value: Value {
        var o = ObjectBuilder()
        o.set("date", date)
        o.set("type", type.rawValue)
        o.set("approximate", approximate)
        for spec in type.attributeSpecs { o.set(spec.key, attributes[spec.key]?.value) }
        o.set("details", details)
        return o.value
    }
}

extension DomesticRemedy {
    var value: Value {
        var o = ObjectBuilder()
        o.set("date", date)
        o.set("action", action)
        o.set("outcome", outcome)
        return o.value
    }
}

extension Source {
    var value: Value {
        var o = ObjectBuilder()
        o.set("name", name)
        o.set("organisation", organisation)
        o.set("contact", contact)
        o.set("relationship", relationship)
        o.set("consent", consent)
        o.set("consentGivenBy", consentGivenBy?.rawValue)
        o.set("confidential", confidential)
        return o.value
    }
}

extension Reference {
    var value: Value {
        var o = ObjectBuilder()
        o.set("id", id)
        o.set("text", text)
        o.set("url", url)
        return o.value
    }
}
