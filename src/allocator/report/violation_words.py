"""A broken limit or rule in the reader's language, worded from the numbers the checker kept
(allocator.checks.ledger.Violation); the checker itself words it in English only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from allocator.errors import Named, shown_id
from allocator.report.chinese_spacing import filled
from allocator.report.figures import number_text
from allocator.report.singular_words import in_number

if TYPE_CHECKING:
    from allocator.checks.ledger import Violation
    from allocator.report.language import Words

VIOLATION_MESSAGES: dict[str, tuple[str, str]] = {
    "breach_detail": ("used {used}, must be {sense} {limit} (off by {excess})",
                      "使用量 {used}，应 {sense} {limit}（相差 {excess}）"),
    "breach_examples": (" (e.g. {ids})", "（例如 {ids}）"),
    "rule_detail": ("{count} {what}", "共 {count} {what}"),
    "unknown_rm": ("{customer} → {rm}, not in the RM table", "{customer} → {rm}，不在客户经理表中"),
    "unknown_customer": ("{customer}, not in the book", "{customer}，不在客户群中"),
    # a run's saved tiers against those recomputed from its raw data (allocator.checks.tiers)
    "tiers_recomputed": ("{count} customers' tiers in {where} are not those recomputed from the "
                         "raw data (saved → recomputed)",
                         "{where} 中有 {count} 位客户的层级与按原始数据重新计算的层级不同"
                         "（保存的 → 重新计算的）"),
    "tiers_not_in_raw_data": ("{count} customers in {where} are not in the raw data",
                              "{where} 中有 {count} 位客户不在原始数据中"),
    "tiers_missing": ("{count} customers of the raw data are missing from {where}",
                      "原始数据中有 {count} 位客户不在 {where} 中"),
    "package_holders": ("{count} customers in {where} hold a package other than their tier's, "
                        "{closed} of them one not open to their tier",
                        "{where} 中有 {count} 位客户持有的服务包不是其所在层级的服务包，其中 "
                        "{closed} 位持有的服务包不对其层级开放"),
    # the customer plan's rows against the book (allocator.checks.plan_rows)
    "plan_rows_repeated": ("{where}: {found} (customers on more than one row: {count}); the "
                           "plan holds each customer of the book on exactly one row: run the "
                           "scenario again to write the plan afresh",
                           "{where}：{found_zh}（出现在不止一行的客户：{count} 位）；方案中每位"
                           "客户只应恰好占一行：请重新运行该情景，重新写出方案"),
    "plan_rows_repeated_one": ("customer {id} appears on {count} rows ({rows})",
                               "客户 {id} 出现在 {count} 行（第 {rows_zh} 行）"),
    "plan_rows_missing": ("{where}: customers of the book on no row: {count} ({found}); the "
                          "plan holds each customer of the book on exactly one row: run the "
                          "scenario again to write the plan afresh",
                          "{where}：客户群中没有对应行的客户：{count} 位（{found_zh}）；方案中每位"
                          "客户都应恰好占一行：请重新运行该情景，重新写出方案"),
    "plan_rows_unknown": ("{where}: {found} (rows of customers the book does not hold: "
                          "{count}); run the scenario again to write the plan afresh",
                          "{where}：{found_zh}（涉及客户群中没有的客户的行：{count} 行）；请重新"
                          "运行该情景，重新写出方案"),
    "plan_rows_unknown_one": ("customer {id} on row {row}", "第 {row} 行的客户 {id_zh}"),
    # a calendar's contact rule or conflict broken (allocator.campaigns.checks)
    "calendar_window_over": ("{id}: {count} contacts in days {first}–{last}, where rule "
                             "'{rule}' allows {most} ({activities})",
                             "{id}：第 {first}–{last} 天有 {count} 次接触，而规则“{rule}”最多"
                             "允许 {most} 次（{activities_zh}）"),
    "calendar_pair_conflict": ("{id}: {first} (day {first_day}) and {second} (day "
                               "{second_day}), {gap} days apart, where rule '{rule}' wants "
                               "{lag} days between them",
                               "{id}：{first}（第 {first_day} 天）与 {second}（第 {second_day} "
                               "天）仅相隔 {gap} 天，而规则“{rule}”要求两者间隔 {lag} 天"),
}
"""Message key -> (English, Chinese); merged into the catalogue (report/language.py)."""

RULE_WHAT_ZH: dict[str, str] = {
    "assignments name an unknown customer or RM": "项分配涉及未知的客户或客户经理",
    "customers have more than one RM": "位客户配备了不止一位客户经理",
    "customers' assignments are on more than one row": "位客户的客户经理分配出现在不止一行",
    "customers have an RM of another region": "位客户的客户经理属于其他区域",
    "customers have an RM whose grade may not serve their tier":
        "位客户的客户经理职级不可服务其所在层级",
    "offers name an unknown customer or offer": "次推荐涉及未知的客户或产品",
    "offers are made twice to the same customer": "次推荐向同一客户重复推荐同一产品",
    "offers go to do-not-contact customers": "次推荐发给了免打扰客户",
    "offers are above the customer's risk tolerance": "次推荐超出客户的风险承受能力",
    "offers go to a tier they are not open to": "次推荐发给了不适用该产品的层级",
    "offers go to customers the offer's value column has no value for":
        "次推荐发给了产品价值列中没有取值的客户",
    "tiers name an unknown package or tier": "个层级涉及未知的服务包或层级",
    "tiers have a package not open to them": "个层级选用了不对其开放的服务包",
}
"""What the rows breaking a rule do (checks/rules.py), in Chinese after their count."""

RULE_WHAT_ONE: dict[str, str] = {
    "assignments name an unknown customer or RM": "assignment names an unknown customer or RM",
    "customers have more than one RM": "customer has more than one RM",
    "customers have an RM of another region": "customer has an RM of another region",
    "customers have an RM whose grade may not serve their tier":
        "customer has an RM whose grade may not serve their tier",
    "offers name an unknown customer or offer": "offer names an unknown customer or offer",
    "offers are made twice to the same customer": "offer is made twice to the same customer",
    "offers go to do-not-contact customers": "offer goes to a do-not-contact customer",
    "customers' assignments are on more than one row":
        "customer's assignment is on more than one row",
    "offers are above the customer's risk tolerance": "offer is above the customer's risk "
                                                      "tolerance",
    "offers go to a tier they are not open to": "offer goes to a tier it is not open to",
    "offers go to customers the offer's value column has no value for":
        "offer goes to a customer the offer's value column has no value for",
    "tiers name an unknown package or tier": "tier names an unknown package or tier",
    "tiers have a package not open to them": "tier has a package not open to it",
}
"""The same in English, said of one row (1 customer has ..., never 1 customers have ...)."""


def rule_what(what: str, count: int) -> str:
    """What `count` rows breaking a rule do, in English: `what` (said of several), or its
    singular for one."""
    return RULE_WHAT_ONE.get(what, what) if count == 1 else what

SENSES = {"le": "≤", "ge": "≥", "eq": "="}


def said_both(message: str, /, **fields: str) -> Named:
    """Catalogue `message` of VIOLATION_MESSAGES in English (a count of one said of one:
    singular_words), and in Chinese as it reads there (a field `<name>_zh` is the Chinese of
    field `<name>`): a finding a violation names among its examples, in either language."""
    english, chinese = VIOLATION_MESSAGES[message]
    return Named(in_number(message, english, fields).format(**fields), filled(chinese, fields))


def violation_detail(violation: Violation, words: Words) -> str:
    """What is broken, in the words' language: a limit's use against it, a rule's rows, with
    the first of the ids concerned and how many more there are; the checker's own English
    where it kept no numbers."""
    v = violation
    if v.message:
        said = words(v.message, **dict(v.fields))
    elif v.used is not None and v.limit is not None and v.sense in SENSES:
        said = words("breach_detail", used=number_text(v.used), sense=SENSES[v.sense],
                     limit=number_text(v.limit), excess=number_text(v.amount))
    elif v.what and (words.language != "zh" or v.what in RULE_WHAT_ZH):
        what = RULE_WHAT_ZH[v.what] if words.language == "zh" else rule_what(v.what, v.count)
        said = words("rule_detail", count=f"{v.count:,}", what=what)
    else:
        return v.detail
    more = v.count - len(v.examples)
    findings = any(isinstance(i, Named) for i in v.examples)  # sentences, not ids
    named = [i if isinstance(i, Named) or str(i).strip() else shown_id(i)  # a blank id said
             for i in v.examples]
    shown = [i.chinese if isinstance(i, Named) and words.language == "zh" else str(i)
             for i in named]
    ids = words.sep("list" if findings else "clause").join(shown) + (
        words("and_more", more=f"{more:,}") if more > 0 else "")
    return said + (words("breach_examples", ids=ids) if v.examples else "")
