// HabeasDocuments: drafts for the Working Group (petition, urgent action, follow-up, chronology,
// public summary) built once as a `DraftDocument` and written as DOCX, HTML or Markdown.
// Entry point: `Drafter`.
