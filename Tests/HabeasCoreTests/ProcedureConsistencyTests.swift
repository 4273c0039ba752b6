import Foundation
import Testing
@testable import HabeasCore

@Suite("Procedure consistency")
struct ProcedureConsistencyTests {
    func messages(_ events: [String]) -> [String] {
        do {
            _ = try procedureCase(events)
            return []
        } catch let error as CaseValidationError {
            return error.issues.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    @Test func replyBeforeTransmission() {
        #expect(messages(["2022-04-07 transmitted-to-government", "2022-04-01 government-reply"]) == [
            "t-case.yaml:15: procedure[1].type: government-reply on 2022-04-01 is before transmitted-to-government on 2022-04-07 (procedure[0]): the Government replies to a transmitted communication",
        ])
    }

    /// A case file records what the source knows: a reply with no transmission recorded is
    /// incomplete, not impossible.
    @Test func replyWithoutRecordedTransmissionIsAccepted() {
        #expect(messages(["2022-04-01 government-reply"]).isEmpty)
        #expect(messages(["2022-04-01 reply-sent-to-source"]).isEmpty)
    }

    @Test func opinionTransmittedBeforeAdoption() {
        #expect(messages(["2022-09-01 opinion-adopted", "2022-08-20 opinion-transmitted"]).map { $0.components(separatedBy: ": ").dropFirst().joined(separator: ": ") } == [
            "procedure[1].type: opinion-transmitted on 2022-08-20 is before opinion-adopted on 2022-09-01 (procedure[0]): an opinion is transmitted after it is adopted",
        ])
    }

    @Test func twoAdoptionsWithoutReview() {
        let found = messages(["2022-09-01 opinion-adopted", "2022-11-20 opinion-adopted"])
        #expect(found.count == 1)
        #expect(found.first?.hasSuffix("procedure[1].type: a second opinion-adopted (2022-11-20) after the one of 2022-09-01 (procedure[0]); only a review (`review-requested`) leads to a revised opinion") == true)
        #expect(messages(["2022-09-01 opinion-adopted", "2022-10-01 review-requested", "2022-11-20 opinion-adopted"]).isEmpty)
    }

    @Test func secondExtension() {
        let found = messages(["2022-04-07 transmitted-to-government", "2022-05-01 extension-granted", "2022-06-01 extension-granted"])
        #expect(found.count == 1)
        #expect(found.first?.hasSuffix("procedure[2].type: a second extension-granted: the Government may have one extension only (A/HRC/36/38 para 16)") == true)
    }

    @Test func extensionBeforeTransmission() {
        #expect(messages(["2022-04-07 transmitted-to-government", "2022-04-01 extension-granted"]).first?.contains(
            "extension-granted on 2022-04-01 is before transmitted-to-government on 2022-04-07") == true)
    }

    @Test func arbitraryOpinionNamesACategory() {
        #expect(messages(["2022-09-01 opinion-adopted arbitrary=true categories=[]"]).first?.hasSuffix(
            "procedure[0].categories: an opinion that finds the detention arbitrary names at least one category") == true)
    }

    // The source often learns of an opinion only at its transmission: a missing adoption is
    // incomplete, not impossible (and the dev-07 scoring strips the adoption).
    @Test func transmissionWithoutRecordedAdoptionIsAccepted() {
        #expect(messages(["2023-05-10 opinion-transmitted", "2023-11-01 follow-up-submitted by=source"]).isEmpty)
    }

    @Test func consistentProcedurePasses() {
        #expect(messages(["2022-04-07 transmitted-to-government", "2022-06-01 extension-granted", "2022-06-30 government-reply",
                          "2022-07-05 reply-sent-to-source commentsDue=2022-08-05", "2022-08-01 source-comments",
                          "2022-09-01 opinion-adopted", "2022-09-10 opinion-transmitted"]).isEmpty)
    }
}
