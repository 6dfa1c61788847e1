"""Citation checks after drafting: markers renumbered, every claim judged, unsupported LLM claims removed.

Both verdicts are attached to each citation: *supported* (the support judge: the cited text states
the claim) and *relevant* (the evidence judge: the cited paper answers the question). For the
offline drafter, which only quotes, support holds by construction; the relevance verdict does not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from rag.answer.evidence import Evidence
from rag.answer.types import Answer, Citation, Draft
from rag.citations import Claim, blank_uncited_cells, drop_markers, drop_sentences, renumber, split_claims

if TYPE_CHECKING:
    from rag.answer.engine import AnswerEngine, Turn


def verify(
    engine: AnswerEngine, turn: Turn, draft: Draft, evidence: dict[str, Evidence], paraphrased: bool
) -> Answer | None:
    """The checked :class:`Answer`; ``None`` when a paraphrasing generator kept no supported claim."""
    own_notices = list(draft.notices)  # this pass's notices; the turn's are added once, at the end
    written = blank_uncited_cells(draft.text) if paraphrased else draft.text
    renumbered = renumber(written, len(draft.sources))
    if renumbered.stripped:
        own_notices.append(f"{renumbered.stripped} citation marker(s) named no supplied source and were removed.")
    cited = [draft.sources[i - 1] for i in renumbered.order]
    vectors_of = _sentence_vectors(engine, [h.paper_id for h in cited], evidence)
    claims = split_claims(renumbered.text)
    to_embed = sorted({c.text for c in claims if c.cited}) if paraphrased else []
    claim_vectors = dict(zip(to_embed, engine.retriever.embed(to_embed), strict=True)) if to_embed else {}
    for claim in claims:
        for n in claim.cited:
            hit = cited[n - 1]
            verdict = engine.support.judge(
                claim.text, claim_vectors.get(claim.text), hit.title, hit.abstract, vectors_of[hit.paper_id]
            )
            claim.support[n], claim.supported[n] = verdict.score, verdict.supported
            claim.evidence[n] = verdict.evidence
    text = renumbered.text
    if paraphrased:
        # Every claim shown must cite a source that states it: uncited sentences go too (a weak model
        # echoes its instructions or adds outside knowledge there), except list lead-ins, which are no claims.
        unsupported = {c.text for c in claims if (c.cited or not draft.refused) and not c.has_supported_citation}
        # A claim that one source supports keeps only that source: the others do not say what it says.
        extra = {
            c.text: {n for n in c.cited if not c.supported[n]}
            for c in claims
            if c.has_supported_citation and not all(c.supported[n] for n in c.cited)
        }
        if unsupported or extra:
            remaining = drop_markers(drop_sentences(text, unsupported), extra)
            if remaining == text and unsupported:  # nothing could be cut out (an uncited table cell): do not show it
                return None
            if remaining != text:
                again = renumber(remaining, len(cited))
                if not again.order:
                    return None
                kept = [cited[i - 1] for i in again.order]
                notices = [*own_notices, *_removal_notices(len(unsupported), sum(map(len, extra.values())))]
                checked = Draft(again.text, kept, draft.refused, draft.closest, notices, draft.token_counts)
                answer = verify(engine, turn, checked, evidence, True)
                if answer is not None:
                    answer.stripped_markers += renumbered.stripped
                    answer.total_markers = renumbered.total_markers
                return answer
    if paraphrased and not draft.refused and not any(c.has_supported_citation for c in claims):
        return None  # nothing a source states is left: a lone "[1]" once the unsupported sentences went
    citations = [_citation(n, hit, claims, evidence.get(hit.paper_id)) for n, hit in enumerate(cited, start=1)]
    return Answer(
        question=turn.question,
        text=text,
        citations=citations,
        refused=draft.refused,
        generator="llm" if paraphrased else "offline",
        notices=[*turn.notices, *own_notices],
        claims=claims,
        stripped_markers=renumbered.stripped,
        total_markers=renumbered.total_markers,
        standalone_question=turn.standalone,
        closest=draft.closest,
        token_counts=draft.token_counts,
        follow_up=turn.follow_up.mode,
    )


def _removal_notices(sentences: int, citations: int) -> list[str]:
    notices = []
    if sentences:
        notices.append(f"{sentences} sentence(s) that no cited abstract supports were removed from the answer.")
    if citations:
        notices.append(f"{citations} citation(s) of a source that does not state its sentence were removed.")
    return notices


def _sentence_vectors(
    engine: AnswerEngine, paper_ids: list[str], evidence: dict[str, Evidence]
) -> dict[str, list[tuple[str, np.ndarray]]]:
    """Abstract sentence vectors of the cited papers, from the evidence pass or fetched for the rest."""
    out = {pid: evidence[pid].vectors for pid in paper_ids if pid in evidence}
    missing = [pid for pid in paper_ids if pid not in out]
    if missing:
        rows = engine.retriever.passage_vectors(missing)
        for pid in missing:
            out[pid] = [(t, v) for p, t, v in rows.get(pid, []) if p >= 0]
    return out


def _citation(n: int, hit: object, claims: list[Claim], ev: Evidence | None) -> Citation:
    from rag.retrieve import Hit

    assert isinstance(hit, Hit)
    # The weakest claim decides: a citation is supported only if every claim citing it is.
    verdicts = [(c.support[n], c.supported[n], c.evidence[n]) for c in claims if n in c.support]
    support, supported, passage = min(verdicts, default=(0.0, False, hit.passage), key=lambda v: v[0])
    return Citation(
        n=n,
        paper_id=hit.paper_id,
        title=hit.title,
        abstract=hit.abstract,
        passage=passage,
        support=support,
        supported=supported,
        relevance=ev.relevance if ev else 0.0,
        relevant=bool(ev and ev.answers),
        metadata=hit.metadata,
    )
