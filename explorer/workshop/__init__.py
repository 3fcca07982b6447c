"""Pure edits of a case's YAML files: text in, text out, with ruamel.yaml's round trip, so that comments, the order
of fields and the `# yaml-language-server: $schema=` modeline survive. Writing the result to disk is for the caller
(explorer.disk.write_atomic). One module a noun (the YAML round trip, ids, the case, its sources, sentences and
quotes, theses and passages, historians, the timeline, contested facts, links), re-exported here so that callers
write `workshop.add_event`."""

from explorer.workshop.case import CASE_README, check_questions_kept, new_case, update_case_info
from explorer.workshop.contested import add_fact, check_readings, fact_record, reading, remove_fact, update_fact
from explorer.workshop.edit import (
    WorkshopError,
    check,
    dump,
    dump_plain,
    flow,
    ids_in,
    load,
    read_as_text_by_the_loader,
    refused,
)
from explorer.workshop.historians import (
    HISTORIANS_START,
    add_historian,
    add_view,
    names_in,
    proponent_pairs,
    update_historian,
)
from explorer.workshop.ids import check_id, fresh_id, id_from, id_made_from, is_id, thesis_file
from explorer.workshop.links import event_name, events_about, events_on, linked_to_thesis, passages_quoting
from explorer.workshop.passages import (
    add_passage,
    as_written,
    find_passage,
    passage,
    passages_in,
    remove_passage,
    update_passage,
)
from explorer.workshop.quoting import Fix, Misquote, check_quote, fix_quotes, words_taken
from explorer.workshop.sentences import Sentence, quote_from, recorded_as, selection_quote, sentences
from explorer.workshop.sources import (
    SOURCE_DETAILS,
    add_source,
    defects_from_form,
    set_defects,
    source_record,
    update_source,
)
from explorer.workshop.thesis import (
    TEXT_FIELDS,
    THESIS_MODELINE,
    THESIS_ORDER,
    add_proponent,
    gap,
    new_thesis,
    update_thesis,
)
from explorer.workshop.timeline import EVENT_ORDER, add_event, check_date, event_record, remove_event, update_event

__all__ = [
    "CASE_README",
    "EVENT_ORDER",
    "HISTORIANS_START",
    "SOURCE_DETAILS",
    "TEXT_FIELDS",
    "THESIS_MODELINE",
    "THESIS_ORDER",
    "Fix",
    "Misquote",
    "Sentence",
    "WorkshopError",
    "add_event",
    "add_fact",
    "add_historian",
    "add_passage",
    "add_proponent",
    "add_source",
    "add_view",
    "as_written",
    "check",
    "check_date",
    "check_id",
    "check_questions_kept",
    "check_quote",
    "check_readings",
    "defects_from_form",
    "dump",
    "dump_plain",
    "event_name",
    "event_record",
    "events_about",
    "events_on",
    "fact_record",
    "find_passage",
    "fix_quotes",
    "flow",
    "fresh_id",
    "gap",
    "id_from",
    "id_made_from",
    "ids_in",
    "is_id",
    "linked_to_thesis",
    "load",
    "names_in",
    "new_case",
    "new_thesis",
    "passage",
    "passages_in",
    "passages_quoting",
    "proponent_pairs",
    "quote_from",
    "read_as_text_by_the_loader",
    "reading",
    "recorded_as",
    "refused",
    "remove_event",
    "remove_fact",
    "remove_passage",
    "selection_quote",
    "sentences",
    "set_defects",
    "source_record",
    "thesis_file",
    "update_case_info",
    "update_event",
    "update_fact",
    "update_historian",
    "update_passage",
    "update_source",
    "update_thesis",
    "words_taken",
]
