"""The words a report's blocks add around the data, in English and Japanese."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..index.view import driver, screening

if TYPE_CHECKING:
    from ..index.run import IndexRun

VERDICTS_JA = {
    "supported": "裏付けあり",
    "contradicted": "事実と異なる",
    "outdated": "古い数値",
    "mismatch": "指標の不一致",
    "inconsistent": "矛盾あり",
    "unverifiable": "検証不能",
}
POLICY_FIELDS_JA = {
    "instrument_type": "文書の種類",
    "binding": "拘束力",
    "status": "状況",
    "lead_body": "所管機関",
    "lead_body_head": "所管機関の長",
    "approach": "手法",
    "risk_tiers": "リスク区分",
    "prohibited_uses": "禁止される利用",
    "developer_obligations": "開発者の義務",
    "deployer_obligations": "利用者の義務",
    "transparency_labelling": "透明性・表示",
    "enforcement_powers": "執行権限",
    "max_fine": "罰金の上限",
    "copyright": "著作権",
    "promotion_measures": "推進施策",
    "international_cooperation": "国際協力",
}
# the closed lists of the policy schema (x-enum), in Japanese
POLICY_VALUES_JA = {
    "law": "法律",
    "regulation": "規則",
    "executive_order": "大統領令",
    "bill": "法案",
    "strategy": "戦略",
    "plan": "計画",
    "guideline": "指針",
    "white_paper": "白書",
    "binding": "あり",
    "voluntary": "なし（任意）",
    "proposed": "提案中",
    "passed": "成立",
    "in_force": "施行中",
    "partly_in_force": "一部施行",
    "adopted": "採択",
    "revoked": "廃止",
    "lapsed": "失効",
    "promotion": "推進",
    "risk_based": "リスクベース",
    "sectoral": "分野別",
    "principles": "原則",
    "content_control": "コンテンツ規制",
}


def policy_value_ja(value: str | tuple[str, ...]) -> str:
    """A policy field value from a closed list in Japanese; free text is kept as its source wrote it."""
    parts = value if isinstance(value, tuple) else tuple(p.strip() for p in value.split(","))
    return "、".join(POLICY_VALUES_JA.get(p, p) for p in parts)


def index_caption(run: IndexRun, title: str, focus: str, draws: int, name: Callable[[str], str], lang: str) -> str:
    """The index chart's caption: what the marks are, what moves the focus's rank, what was left out."""
    drivers = [(driver(run, d["driver"], lang), d["share_of_variance"]) for d in run.drivers.to_dict("records")]
    left_out = screening(run, lang, name)
    if lang == "ja":
        moved = "、".join(f"{d}（{s:.0%}）" for d, s in drivers)
        return (
            f"{title}：点は基準となる順位、線はモンテカルロ法{draws:,}回の5〜95%区間。"
            f"{name(focus)}の順位を最も動かす要因：{moved}。"
            + (f"データ不足で除外：{'／'.join(left_out)}。" if left_out else "")
        )
    moved = "; ".join(f"{d} ({s:.0%})" for d, s in drivers)
    return (
        f"{title}: nominal rank (dot) and 5–95% interval over {draws:,} Monte Carlo draws. "
        f"What moves {name(focus)}'s rank most: {moved}."
        + (f" Left out for lack of data: {'; '.join(left_out)}." if left_out else "")
    )
