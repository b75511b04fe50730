"""Pure FAQ matching: normalise, index, decide, exam guard. No I/O beyond reading a knowledge-base file."""

from faq_engine.engine import DEFAULT_ANSWER_THRESHOLD, DEFAULT_SUGGEST_THRESHOLD, FaqEngine
from faq_engine.kb import (
    dump_knowledge_base,
    load_knowledge_base,
    parse_knowledge_base,
    sms_segments,
    validate_entries,
)
from faq_engine.model import DECISIONS, Decision, Entry, KnowledgeBaseError

__all__ = [
    "DECISIONS",
    "DEFAULT_ANSWER_THRESHOLD",
    "DEFAULT_SUGGEST_THRESHOLD",
    "Decision",
    "Entry",
    "FaqEngine",
    "KnowledgeBaseError",
    "dump_knowledge_base",
    "load_knowledge_base",
    "parse_knowledge_base",
    "sms_segments",
    "validate_entries",
]
