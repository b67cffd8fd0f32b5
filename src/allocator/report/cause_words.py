"""What in the book explains a limit that must give (allocator.shortfall_causes), in the
reader's language: a sales target more customers than can take the offer, with whom each rule
shuts out, or whose sales the budget cannot pay for, or a budget floor of a tier with no
customers. Told at the end of the diagnosis line, in the terminal, summary.md, report.html
and the manifest alike."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from allocator.report.figures import number_text

if TYPE_CHECKING:
    from allocator.diagnosis import Cause
    from allocator.report.language import Words

CAUSE_MESSAGES: dict[str, tuple[str, str]] = {
    "cause_no_taker": ("no customer can take {ids}{parts}", "没有客户可以接受{ids}{parts}"),
    "cause_one_taker": ("only 1 customer can take {ids}, against its minimum of {minimum}"
                        "{parts}", "只有 1 位客户可以接受{ids}，低于其最低量 {minimum}{parts}"),
    "cause_few_takers": ("only {count} customers can take {ids}, against its minimum of "
                         "{minimum}{parts}",
                         "只有 {count} 位客户可以接受{ids}，低于其最低量 {minimum}{parts}"),
    "takers_of_book": (" (of the book's {of}: {parts})", "（全部 {of} 位客户中：{parts}）"),
    "taker_tier": ("{count} in tiers it is not offered to", "{count} 位不属于其适用层级"),
    "taker_empty_tiers": ("{count} in tiers it is not offered to, its tiers {ids} having no "
                          "customers", "{count} 位不属于其适用层级，其适用层级{ids}没有客户"),
    "taker_do_not_contact": ("{count} do-not-contact", "{count} 位拒绝营销"),
    "taker_risk": ("{count} with a risk tolerance below its risk level",
                   "{count} 位风险承受能力低于其风险等级"),
    "taker_no_value": ("{count} with no value for it in its value column",
                       "{count} 位在其价值列中没有取值"),
    "taker_no_rm": ("{count} with no RM who may serve them, which it needs",
                    "{count} 位没有可服务的客户经理（该产品需要客户经理）"),
    "cause_empty_tier": ("the {ids} tier has no customers", "{ids}层级没有客户"),
    "cause_budget_short": ("a sale costs {costs}, and the budget of {budget} is less than the "
                           "{need} these sales targets alone take: to keep them, raise the "
                           "budget by at least {more}",
                           "销售成本：{costs}，而预算 {budget} 少于仅这些销售目标就需要的 "
                           "{need}：如要保留这些目标，请将预算至少提高 {more}"),
    "sale_cost": ("{cost} for {offer}", "{offer}每笔 {cost}"),
}


def causes_text(causes: Sequence[Cause], words: Words) -> str:
    """The causes as a diagnosis line ends with them ("" for none)."""
    return "".join(words.sep("list") + cause_text(cause, words) for cause in causes)


def cause_text(cause: Cause, words: Words) -> str:
    """One cause, its parts in brackets after the book's size; a budget's figures with what a
    sale of each of its offers costs."""
    parts = words.sep("list").join(cause_text(part, words) for part in cause.parts)
    return words(cause.message, ids=words.sep("items").join(words.term(i) for i in cause.ids),
                 count=number_text(cause.count), minimum=number_text(cause.minimum),
                 parts=words("takers_of_book", of=number_text(cause.of), parts=parts)
                 if parts else "", costs=_sale_costs(cause, words),
                 budget=number_text(cause.budget), need=number_text(cause.need),
                 more=number_text(cause.need - cause.budget))


def _sale_costs(cause: Cause, words: Words) -> str:
    """What a sale of each offer the cause names costs ("300 for wealth mandate, 80 for
    investment fund"); "" for a cause that costs nothing (a customer count)."""
    if not cause.costs:
        return ""
    return words.sep("items").join(
        words("sale_cost", cost=number_text(cost), offer=words.term(offer_id))
        for offer_id, cost in zip(cause.ids, cause.costs, strict=True))
