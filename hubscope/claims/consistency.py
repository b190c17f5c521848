"""Checks across a document's claims: amounts that disagree, stated multiples, shares and changes
that do not follow from the document's own numbers or from the store's figures for both periods."""

from __future__ import annotations

import re
from collections import defaultdict

from ..units import conversion_factor
from .judge import Judge
from .model import Claim, Verdict
from .precision import agrees, tolerance
from .reasons import Part, When, say

_CHANGE = re.compile(
    r"(down|fell|fallen|dropped|declined?|decreased?|lower|up|rose|risen|increased?|grew|grown"
    r"|higher)\s+(?:by\s+)?$",
    re.I,
)
_FROM_PERIOD = re.compile(
    r"(?:from|since|than)\b[^.;]{0,40}?"
    r"(?:(FY|fiscal(?: year)?\s?)\s?((?:19|20)\d{2})|((?:19|20)\d{2}))",
    re.I,
)


def _change_against_store(judge: Judge, c: Claim, sentence: list[Claim], verdicts: dict[str, Verdict]) -> None:
    """ "15,014 in fiscal 2023, down 20% from the peak in fiscal 2003": the store's figures for
    the two periods give the change to compare with."""
    before = c.sentence[: c.sentence.find(c.span)] if c.span in c.sentence else ""
    move = _CHANGE.search(before[-20:])
    after = c.sentence[c.sentence.find(c.span) + len(c.span) :] if c.span in c.sentence else ""
    ref = _FROM_PERIOD.search(after)
    base = [x for x in sentence if x is not c and x.indicators and x.unit == "count" and x.entity == c.entity]
    if not move or not ref or not base:
        return
    ref_period = f"FY{ref.group(2)}" if ref.group(1) else ref.group(3)
    sign = (
        -1
        if move.group(1).lower()
        in ("down", "fell", "fallen", "dropped", "decline", "declined", "decrease", "decreased", "lower")
        else 1
    )
    for ind in base[0].indicators:
        rows = [r for r in judge.by.get((c.entity or "", ind), []) if r["status"] == "verified" and r["value"]]
        then = next((r for r in rows if r["period"] == ref_period), None)
        now = next((r for r in rows if r["period"] == base[0].period), None)
        if not then or not now:
            continue
        change = 100 * (now["value"] / then["value"] - 1)
        claimed = sign * abs(_v(c))  # "down 20%" is read as -20 already
        agree = abs(change - claimed) <= max(tolerance(c), 1.0)
        arith = (
            f"{now['display_std']} ({now['period']}) ÷ {then['display_std']} ({then['period']}) − 1 "
            f"= {change:+.1f}%; the text says {claimed:+g}%"
        )
        v = verdicts[c.id]
        v.verdict = "supported" if agree else "contradicted"
        v.indicator, v.arithmetic, v.confidence = ind, arith, 0.7
        v.say(say("change", change=f"{change:+.1f}%", now_publisher=now["publisher"], then_publisher=then["publisher"]))
        v.evidence = [judge.evidence(now), judge.evidence(then)]
        return


def _multiple_against_store(judge: Judge, c: Claim, sentence: list[Claim], verdicts: dict[str, Verdict]) -> None:
    """ "raised ¥946 billion in 2022, roughly double the 2020 total": the store's figures for the
    two periods give the multiple to compare with."""
    amounts = [
        x
        for x in sentence
        if x is not c
        and x.value
        and x.indicators
        and x.entity == c.entity
        and x.unit not in ("percent", "multiple")
        and x.period
        and c.period
        and x.period != c.period
    ]
    if not amounts:
        return
    a = amounts[0]
    for ind in a.indicators:
        rows = [r for r in judge.by.get((c.entity or "", ind), []) if r["status"] == "verified" and r["preferred"]]
        now = next((r for r in rows if r["period"] == a.period), None)
        then = next((r for r in rows if r["period"] == c.period), None)
        if not now or not then or not then["value"]:
            continue
        ratio = now["value"] * conversion_factor(now["unit"], then["unit"]) / then["value"]
        agree = abs(ratio - _v(c)) <= 0.15 * _v(c)  # "double" and "tenfold" are round words
        arith = f"{now['display_std']} ({now['period']}) ÷ {then['display_std']} ({then['period']}) = {ratio:.2f}×"
        v = verdicts[c.id]
        v.verdict = "supported" if agree else "contradicted"
        v.say(say("ratio_store", arith=arith, publisher=now["publisher"]))
        v.arithmetic, v.indicator, v.confidence = arith, ind, 0.7
        v.evidence = [judge.evidence(now), judge.evidence(then)]
        return


def inconsistencies(claims: list[Claim], verdicts: dict[str, Verdict], judge: Judge | None = None) -> None:
    """Claims of one document that disagree with each other, or a stated multiple that does not
    follow from the document's own numbers; marks the verdicts in place."""
    # the same measure for the same entity, more than tenfold apart: compare each claim with the
    # largest in its group only, so this stays linear in the number of claims
    groups: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.indicators and c.value and len(c.unit) == 3 and c.unit.isupper() and c.entity:
            for ind in c.indicators:
                groups[(c.entity, c.unit, ind)].append(c)
    flagged: set[str] = set()
    for group in groups.values():
        top = max(group, key=_v)
        for b in group:
            if b.id not in flagged and _v(top) / _v(b) > 10:
                flagged.add(b.id)
                times = f"{_v(top) / _v(b):.0f}"
                _flag(verdicts[b.id], say("far_apart", span=top.span, period=When(top.period or ""), times=times))
    by_sentence: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_sentence[c.sentence].append(c)
    shares = [x for x in claims if x.unit == "percent" and x.indicators and x.value]
    if judge is not None:
        for c in claims:
            if c.unit == "percent" and c.value and not c.indicators:
                _change_against_store(judge, c, by_sentence[c.sentence], verdicts)
    for c in claims:
        if c.unit == "multiple" and c.value:
            if judge is not None:
                _multiple_against_store(judge, c, by_sentence[c.sentence], verdicts)
            _check_multiple(c, shares, by_sentence[c.sentence], verdicts)
        if c.unit == "percent" and c.other_entities and c.value:
            _check_share(c, by_sentence[c.sentence], verdicts)


def _check_multiple(c: Claim, shares: list[Claim], sentence: list[Claim], verdicts: dict[str, Verdict]) -> None:
    amounts = [x for x in sentence if x is not c and x.value and x.unit not in ("percent", "multiple")]
    notes: list[Part] = []
    if len(amounts) >= 2:
        implied = f"{_v(amounts[-1]) / _v(amounts[0]):.1f}"
        notes.append(say("own_amounts", a=amounts[0].span, b=amounts[-1].span, x=implied))
    shares = [x for x in shares if set(x.indicators) & set(c.indicators) and x.sentence != c.sentence]
    mine = [x for x in shares if x.entity == c.entity]
    named = _mentioned(c.sentence)
    others = [x for x in shares if x.entity != c.entity and x.entity in named]
    if mine and others:
        ratios = ", ".join(f"{o.entity} {o.span} ÷ {mine[0].span} = {_v(o) / _v(mine[0]):.0f}×" for o in others)
        notes.append(say("own_ratios", ratios=ratios))
        if all(abs(_v(o) / _v(mine[0]) - _v(c)) > 0.25 * _v(c) for o in others):
            _flag(verdicts[c.id], say("not_follow_multiple", span=c.span, notes=notes))
            return
    if notes:
        verdicts[c.id].say(say("internally", notes=notes), how="append")


def _mentioned(sentence: str) -> set[str]:
    from .link_entity import entity_mentions

    return {e for _, _, e in entity_mentions(sentence)}


def _check_share(c: Claim, sentence: list[Claim], verdicts: dict[str, Verdict]) -> None:
    """ "only about 8% of the United States": compare with the two amounts in the same sentence."""
    other = c.other_entities[0]
    theirs = [x for x in sentence if x.entity == other and x.value and x.unit not in ("percent",)]
    mine = [x for x in sentence if x.entity == c.entity and x is not c and x.value and x.unit not in ("percent",)]
    if not mine or not theirs:
        return
    ratio = 100 * _v(mine[0]) / _v(theirs[0])
    calc = say("share_calc", a=mine[0].span, b=theirs[0].span, ratio=f"{ratio:.1f}%")
    if agrees(c, ratio) or (mine[0].qualifier in ("less_than", "more_than")):
        bound = {"less_than": "under", "more_than": "over"}.get(mine[0].qualifier, "")
        # consistent with the document is not supported by data: the verdict stays as the store says
        limit = say("bound", bound=bound, span=mine[0].span) if bound else ""
        verdicts[c.id].say(say("consistent_share", calc=calc, bound=limit), how="prepend")
    else:
        _flag(verdicts[c.id], say("not_follow", calc=calc))


def _v(c: Claim) -> float:
    """A claim's number, for claims already filtered on having one."""
    return c.value or 0.0


def _flag(v: Verdict, reason: Part) -> None:
    if v.verdict in ("unverifiable", "supported"):
        keep = v.parts if v.verdict == "supported" else []
        v.verdict = "inconsistent"
        v.say(reason, *keep)
        v.confidence = max(v.confidence, 0.6)
    else:
        v.say(say("also_inconsistent", inner=reason), how="append")
