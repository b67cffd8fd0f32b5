"""Every label and message of the reports, in English and Simplified Chinese.

`Words(language)` looks up a message by key (`words("plan_by_tier")`, with `{}` fields filled
from keyword arguments), a column header (`words.column("expected_loss")`) or a fixed term the
engine writes into its tables (`words.term("closed account")`). Messages exist in both languages
or in neither, so a missing translation fails loudly instead of leaking English into a Chinese
report; an English message whose count is 1 says it of one (report/singular_words.py). Column
names and terms fall back to themselves (tier names and offer ids are the bank's own words). A
scenario's `labels` give ids display names: `words.term` shows an id by its name
in the run's language, and a compound label ("premier_rm / R2") part by part.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from allocator.diagnosis import PHRASES, Basis, Shortfall
from allocator.report.calendar_words import (
    CALENDAR_COLUMNS_ZH,
    CALENDAR_MESSAGES,
    CALENDAR_TERMS_ZH,
)
from allocator.report.cause_words import CAUSE_MESSAGES, causes_text
from allocator.report.chinese_spacing import filled, joined
from allocator.report.command_words import COMMAND_MESSAGES
from allocator.report.compare_words import COMPARE_MESSAGES
from allocator.report.driver_words import DRIVER_MESSAGES
from allocator.report.figures import number_text
from allocator.report.id_words import ADDED_RM, ID_MESSAGES, STANDARD_IDS_ZH
from allocator.report.key_words import key_name
from allocator.report.list_cut import shown_count
from allocator.report.paper_words import (
    COLUMNS_EN,
    PAPER_COLUMNS_ZH,
    PAPER_MESSAGES,
    PAPER_TERMS_ZH,
)
from allocator.report.readiness_words import READINESS_MESSAGES
from allocator.report.result_words import RESULT_MESSAGES
from allocator.report.singular_words import in_number
from allocator.report.table_words import COLUMNS_ZH, TERMS_ZH
from allocator.report.term_words import OF_WHICH, TERMS_EN, humanized
from allocator.report.unit_words import UNIT_MESSAGES
from allocator.report.violation_words import VIOLATION_MESSAGES
from allocator.tiering import reason_fields

Language = Literal["en", "zh"]

MESSAGES: dict[str, tuple[str, str]] = {
    # headings
    "plan_title": ("Allocation plan: {scenario}", "资源配置方案：{scenario}"),
    "infeasible_title": ("Allocation plan: {scenario} — infeasible",
                         "资源配置方案：{scenario} — 无可行方案"),
    "sweep_title": ("What-if sweep: {scenario}", "情景分析：{scenario}"),
    "result": ("Result", "求解结果"),
    "tiers": ("Tiers", "客户分层"),
    "offers": ("Offers", "产品推荐"),
    "unit_worth": ("What one more unit is worth", "每增加一个单位的价值"),
    "unit_worth_steps": ("Each value is a rate of the relaxation with the packages fixed at the "
                         "plan's, the same over its range: the plan's own value, of whole "
                         "decisions, moves in steps and may gain more or less than that rate "
                         "over the range. What a fifth more or less is worth, re-solved, is "
                         "measured above, with the drivers and the limits with room.",
                         "每个价值是服务包固定为本方案所选后松弛问题的变化率，在其适用范围内不变："
                         "本方案自身的价值由整数决策构成，呈阶梯变化，在该范围内的增减可能高于或"
                         "低于此变化率。增减五分之一的价值已重新求解，在上文的驱动因素与尚有余量的"
                         "限额中实测。"),
    "binding": ("Binding constraints and marginal values", "紧约束及其边际价值"),
    "constraints": ("Constraints, binding flags and marginal values",
                    "约束、是否紧约束及边际价值"),
    "soft_gave": ("Soft constraints that gave", "被放宽的软约束"),
    "diagnosis": ("What must give", "需要放宽的约束"),
    "sweep_points": ("Points of the sweep", "各情景点结果"),
    "frontier": ("Efficient frontier", "效率前沿"),
    "exclusions": ("Left out by rule", "按规则排除"),
    # diagnosis of an infeasible run
    "short": ("{phrase}{where} short by {amount}{share}", "{phrase}{where}缺口 {amount}{share}"),
    "over": ("{phrase}{where}: by {amount}{share}", "{phrase}{where}：超出 {amount}{share}"),
    "short_at_least": ("{phrase}{where} short by at least {amount}{share}",
                       "{phrase}{where}缺口至少 {amount}{share}"),
    "over_at_least": ("{phrase}{where}: by at least {amount}{share}",
                      "{phrase}{where}：至少超出 {amount}{share}"),
    "share_of": (" ({share:.1%} of {limit})", "（占 {limit} 的 {share:.1%}）"),
    "where": (" for {labels}", "（涉及 {labels}）"),
    "and_more": (" (and {more} more)", "（另有 {more} 项）"),
    "soft_limit": ("{constraint} [{label}] soft, penalized: used {used}, must be {sense} "
                   "{limit} (off by {amount})",
                   "{constraint}（{label}）软约束，已计惩罚：使用 {used}，应 {sense} "
                   "{limit}（偏离 {amount}）"),
    "soft_line": ("{constraint} [{label}] soft, penalized: {detail}",
                  "{constraint}（{label}）软约束，已计惩罚：{detail}"),
    # headline marginal values
    "budget_unit": ("one more unit of budget", "预算每增加一个单位"),
    "loss_unit": ("one more unit of expected-loss appetite", "预期损失容忍度每增加一个单位"),
    "capital_unit": ("one more unit of capital", "资本每增加一个单位"),
    "rm_hour": ("one more RM hour ({grade}, worth most at {rm})",
                "客户经理工时每增加一小时（{grade}，价值最高处 {rm}）"),  # the id kept whole
    "fewer_units_only": ("{unit}: not priced; the value shown holds only for fewer units, "
                         "from {low} up to today's limit of {limit}",
                         "{unit}：未定价；所示价值仅适用于更少的单位，即从 {low} 到当前限额 "
                         "{limit}"),
    # baselines and models
    "uplift": ("Uplift over rule-of-thumb plans", "相对经验法则方案的提升"),
    "uplift_note": ("The same book, budget and constraints, planned by the rules banks use today "
                    "and valued by the same independent checker; uplift = optimized value / rule "
                    "value - 1.", "同一客户群、预算与约束下，按银行现行经验法则制定的方案，经同一"
                    "独立校验器估值；提升 = 优化方案价值 / 经验法则方案价值 - 1。"),
    "models": ("Models (measured on held-out customers)", "模型（留出样本评估）"),
    "optimized": ("optimized plan", "优化方案"),
    "model_line": ("{column}: AUC {auc:.3f}, Brier {brier:.4f} ({method}, "
                   "{held_out:,} held out)",
                   "{column}：AUC {auc:.3f}，Brier 分数 {brier:.4f}（{method}，"
                   "留出 {held_out:,} 位客户）"),
    "chart_baselines": ("Expected value: optimized plan and rule-of-thumb plans",
                        "预期价值：优化方案与经验法则方案"),
    "chart_calibration": ("Calibration of {column} on held-out customers",
                          "{column} 的校准（留出样本）"),
    # chart titles and axes
    "chart_pyramid": ("Tier pyramid: customers and value", "客户分层金字塔：客户数与价值"),
    "chart_budget": ("Budget by tier and package", "各层级及服务包的预算"),
    "chart_rm": ("RM utilization by grade and region", "客户经理利用率（按职级与区域）"),
    "chart_offers": ("Offer volumes against quota and minimum", "产品推荐量与配额、最低量"),
    "chart_risk": ("Expected loss and capital against their caps", "预期损失与资本占用对比上限"),
    "chart_calendar": ("Contacts per week by channel", "每周各渠道接触次数"),
    "chart_calendar_limits": ("Channel limits, budgets and sales targets: used against the "
                              "bound", "渠道限额、渠道预算与销量目标：使用量对比限额"),
    "calendar": ("Campaign calendar", "营销日历"),
    "chart_components": ("Value by component", "价值构成"),
    "chart_migration": ("Tier migration (customers, previous tier → tier)",
                        "客户层级迁移（客户数，原层级 → 新层级）"),
    "chart_frontier": ("Expected value against {key}", "预期价值随{key}的变化"),
    "chart_frontier_net": ("Value net of RM cost against {key}",
                           "扣除客户经理成本后的价值随{key}的变化"),
    "previous_tier": ("previous tier", "原层级"),
    "cap": ("cap", "上限"),
    "knee": ("knee", "拐点"),
    # why a customer is in a tier (allocator.tiering)
    "reason_above": ("{metric} of {value} or more: {tier}", "{metric} ≥ {value}，归入{tier}"),
    "reason_below": ("{metric} below {value}: {tier}", "{metric}低于 {value}，归入{tier}"),
    "reason_single": ("a single tier: {tier}", "只有一个层级，归入{tier}"),
    "reason_kept": ("kept in {tier}: {metric} of {value} or more (the threshold less its "
                    "{band} hysteresis band)",
                    "保留在{tier}：{metric} ≥ {value}（门槛减去 {band} 的缓冲带）"),
    "rm_cost_line": ("Cost of the {rms} RMs: {cost} {currency}, the present value of {yearly} "
                     "{currency} a year over a {years}-year horizon; value net of RM cost: "
                     "**{net}** {currency} (a constant: it does not change which plan is best)",
                     "{rms} 名客户经理的成本：{cost} {currency}，即每年 {yearly} {currency}、"
                     "{years} 年的现值；扣除客户经理成本后的价值：**{net}** {currency}"
                     "（为常数，不影响哪个方案最优）"),
}
MESSAGES.update(DRIVER_MESSAGES)
MESSAGES.update(RESULT_MESSAGES)
MESSAGES.update(READINESS_MESSAGES)
MESSAGES.update(COMPARE_MESSAGES)
MESSAGES.update(PAPER_MESSAGES)
MESSAGES.update(CALENDAR_MESSAGES)
MESSAGES.update(VIOLATION_MESSAGES)
MESSAGES.update(CAUSE_MESSAGES)
MESSAGES.update(UNIT_MESSAGES)
MESSAGES.update(COMMAND_MESSAGES)
MESSAGES.update(ID_MESSAGES)

LIMIT_LABEL = re.compile(r"^(?P<constraint>[^\[\]]+) \[(?P<label>[^\[\]]+)\]$")
"""A limit named with its label, as rule-of-thumb plans list the limits they break."""
DAY_RANGE = re.compile(r"(\d+)-(\d+)")
"""The days of a month of the calendar in a compound label (grade / RM / 29-56)."""
CHANGE_SUFFIXES = {"_delta": "变化", "_within_gap": "变化在间隙内"}
"""Columns of a comparison: a column's change, and whether it is within the gaps."""

SEPARATORS: dict[str, tuple[str, str]] = {"list": ("; ", "；"), "clause": (", ", "，"),
                                          "open": (" (", "（"), "close": (")", "）"),
                                          "colon": (": ", "："), "items": (", ", "、"),
                                          "sentence": (" ", "")}
"""Punctuation between the parts of a sentence built from messages, in each language."""

TERMS_ZH.update(PAPER_TERMS_ZH)
TERMS_ZH.update(CALENDAR_TERMS_ZH)
COLUMNS_ZH.update(PAPER_COLUMNS_ZH)
COLUMNS_ZH.update(CALENDAR_COLUMNS_ZH)


def _counted(column: pd.Series) -> bool:
    """A column of numbers (a count of offers, not their ids): never a term."""
    return bool(pd.api.types.is_numeric_dtype(column)
                and not pd.api.types.is_bool_dtype(column))


ID_PARTS = re.compile(r"(-)")
"""What joins the ids a staffed RM's id is made of (BENESOV-private_banker-01)."""
RM_COLUMNS = ("rm_id", "incumbent_rm", "rm_id_a", "rm_id_b")
"""Columns of RM ids, shown by `Words.named` wherever a person reads them (the CSV and Parquet
files keep the ids)."""


class Words:
    """The report vocabulary in one language."""

    def __init__(self, language: Language = "en", labels: Mapping[str, str] | None = None
                 ) -> None:
        self.language: Language = language
        self.labels: Mapping[str, str] = ({**STANDARD_IDS_ZH, **(labels or {})}
                                          if language == "zh" else labels or {})
        """Id -> display name in this language, from the scenario's `labels` (in Chinese,
        the engine's standard ids have default names)."""

    def __call__(self, message: str, /, **fields: object) -> str:
        template = self.unfilled(message, fields)
        return filled(template, fields) if self.language == "zh" else template.format(**fields)

    def unfilled(self, message: str, fields: Mapping[str, object]) -> str:
        """Catalogue message `message` in this language before its fields are filled: in
        English, a count of `fields` that is 1 said of one (report/singular_words.py)."""
        english, chinese = MESSAGES[message]
        return chinese if self.language == "zh" else in_number(message, english, fields)

    def sep(self, kind: str) -> str:
        """A separator of SEPARATORS: "list", "clause", "colon", "items" (names in a row), or
        "open" and "close" (an aside's brackets), "sentence" (between sentences)."""
        english, chinese = SEPARATORS[kind]
        return chinese if self.language == "zh" else english

    def joined(self, *phrases: str) -> str:
        """Phrases in a row, by a space; in Chinese only where Chinese writes one
        (report/chinese_spacing.py): 呼叫中心上限 40."""
        return joined(list(phrases)) if self.language == "zh" else " ".join(phrases)

    def limit(self, constraint: object, label: object) -> str:
        """A limit by its family and label, "RM hours premier RM"; in Chinese the label in
        brackets, 客户经理工时（贵宾客户经理）."""
        family, named = self.term(constraint), self.term(label)
        if self.language == "zh":
            return f"{family}{self.sep('open')}{named}{self.sep('close')}"
        return f"{family} {named}"

    def column(self, name: object) -> str:
        text = str(name)
        if text in self.labels:  # a tier's column of the migration matrix
            return self.labels[text]
        if self.language != "zh":
            return COLUMNS_EN.get(text) or key_name(text, "en", self.term) or humanized(text)
        named = key_name(text, "zh", self.term) if "." in text else None
        if named is not None:  # a swept scenario key
            return named
        for suffix, said in CHANGE_SUFFIXES.items():
            base = text.removesuffix(suffix)
            if text not in COLUMNS_ZH and base != text and base in COLUMNS_ZH:
                return f"{COLUMNS_ZH[base]}{said}"
        return COLUMNS_ZH.get(text, text)

    def key(self, key: object) -> str:
        """A scenario key as the reader calls it (report/key_words.py), else as a column is."""
        return key_name(str(key), self.language, self.term) or self.column(key)

    def term(self, value: object) -> str:
        """An engine term or an id as the reader calls it: its label, its translation, or
        itself; a compound label (grade / region) part by part."""
        text = str(value)
        if text in self.labels:
            return self.labels[text]
        if "; " in text:
            return self.sep("list").join(self.term(part) for part in text.split("; "))
        if text.startswith(OF_WHICH):  # a driver's region under its grade
            return self("of_which", part=self.term(text.removeprefix(OF_WHICH)))
        limit = LIMIT_LABEL.match(text)
        if limit and self.language == "zh":  # a constraint and its label: 层级预算下限（贵宾）
            return self.limit(limit["constraint"], limit["label"])
        if limit:  # "tier_budget_floor [premier]"
            return f"{self.term(limit['constraint'])} [{self.term(limit['label'])}]"
        for between in (" / ", "|"):
            if between in text:
                return between.join(self._part(part) for part in text.split(between))
        composed = self._composed(text)
        if composed is not None:  # an added or staffed RM: premier_rm+1, R1-wealth_rm-02
            return composed
        return TERMS_ZH.get(text, text) if self.language == "zh" else TERMS_EN.get(
            text, humanized(text))

    def _part(self, text: str) -> str:
        """A part of a compound label by its name; a range of days (an RM-month's "29-56")
        as days."""
        days = DAY_RANGE.fullmatch(text)
        if days:
            return self("rm_hours_month", first=days[1], last=days[2])
        return self.term(text)

    def named(self, value: object) -> str:
        """An id as a person reads it: its label, an added RM in words (premier_rm+1: "added
        premier RM 1"), a staffed RM (BENESOV-private_banker-01) part by part, or the id itself
        (RM00012 stays RM00012, never a word of the catalogue)."""
        text = str(value)
        if text in self.labels:
            return self.labels[text]
        composed = self._composed(text)
        return text if composed is None else composed

    def headers(self, frame: pd.DataFrame) -> list[str]:
        return [self.column(name) for name in frame.columns]

    def localized(self, frame: pd.DataFrame, terms: tuple[str, ...] = ()) -> pd.DataFrame:
        """The frame with translated headers, and translated terms in the named columns."""
        out = frame.copy()
        for name in terms:
            if name in out.columns and not _counted(out[name]):
                shown = {value: self._term_of(value) for value in out[name].dropna().unique()}
                out[name] = out[name].map(shown)  # each distinct value looked up once
        for name in RM_COLUMNS:  # RM ids: by their labels, else as they are
            if name in out.columns and not _counted(out[name]):
                named = {value: self.named(value) for value in out[name].dropna().unique()}
                out[name] = out[name].map(named)
        for column in ("step_packages", "cut_packages"):  # "premier: basic -> enhanced; ..."
            if column in out.columns:
                out[column] = out[column].map(self._package_steps)
        if "tier_reason" in out.columns:
            out["tier_reason"] = self.reasons(out["tier_reason"])
        return out.set_axis(self.headers(frame), axis=1)

    def reasons(self, reasons: pd.Series) -> pd.Series:
        """Tier reasons (`tier_reason`) in this language, each distinct one worded once."""
        said = {text: self.reason(text) for text in reasons.dropna().unique()}
        return reasons.map(said)

    def plan_copy(self, plan: pd.DataFrame) -> pd.DataFrame:
        """The customer plan as customer_plan.csv holds it, a copy for people: each tier
        reason in this language, as plan.xlsx says it, where the run is not in English (an
        English run's copy keeps the engine's words, which code may read). The Parquet plan
        keeps the engine's words whatever the language: explain words them again."""
        if self.language == "en" or "tier_reason" not in plan.columns:
            return plan
        return plan.assign(tier_reason=self.reasons(plan["tier_reason"]))

    def _package_steps(self, value: object) -> object:
        """A sensitivity step's package changes ("premier: basic -> enhanced") in words."""
        if not isinstance(value, str) or not value:
            return value
        steps = [re.fullmatch(r"(.+): (.+) -> (.+)", part) for part in value.split("; ")]
        return self.sep("list").join(
            f"{self.term(m[1])}{self.sep('colon')}{self.term(m[2])} → {self.term(m[3])}"
            if m else part for m, part in zip(steps, value.split("; "), strict=True))

    def _composed(self, text: str) -> str | None:
        """An RM added to a grade (premier_rm+1) in words, "added premier RM 1"; an id made of
        labelled ids joined by '-' (a staffed RM BENESOV-private_banker-01) with each of them
        by its label; None when it is neither."""
        added = ADDED_RM.fullmatch(text)
        if added:
            return self("added_rm", grade=self.term(added["grade"]), number=added["number"])
        parts = ID_PARTS.split(text)
        if len(parts) < 3 or not any(part in self.labels for part in parts[::2]):
            return None
        return "".join(self.labels.get(part, part) if i % 2 == 0 else part
                       for i, part in enumerate(parts))

    def _term_of(self, value: object) -> object:
        if isinstance(value, bool | np.bool_):
            return self.term("yes" if value else "no")
        blank = value is None or (isinstance(value, float) and np.isnan(value))
        return value if blank else self.term(value)

    def examples(self, ids: Sequence[object], limit: int = 5) -> str:
        """Up to `limit` ids by their names, with a count of the rest."""
        limit = shown_count(len(ids), limit)
        shown = self.sep("clause").join(self.term(i) for i in ids[:limit])
        more = len(ids) - limit
        return shown + (self("and_more", more=more) if more > 0 else "")

    def reason(self, text: object) -> str:
        """Why a customer is in its tier, in this language (the Parquet plan keeps it in the
        engine's English: plan_copy)."""
        found = reason_fields(str(text))
        if found is None:
            return str(text)
        message, fields = found
        shown = {key: self.term(value) if key == "tier" else
                 self.column(value) if key == "metric" else value
                 for key, value in fields.items()}
        return self(message, **shown)

    def diagnosis_intro(self, basis: Basis | None) -> str:
        """How the diagnosis was made: the elastic MIP, or an LP of the book or a sample."""
        if basis is None:
            return self("infeasible_intro")
        if not basis.sampled:
            return self("infeasible_intro_lp")
        return self("infeasible_intro_sample", customers=basis.customers,
                    step=round(1 / basis.share))

    def shortfall(self, shortfall: Shortfall, basis: Basis | None = None) -> str:
        """One line of an infeasibility diagnosis; made on an LP (`basis`, customers split),
        its amount is the least that must give: whole customers may need more."""
        share = "" if shortfall.share is None else self(
            "share_of", share=shortfall.share, limit=number_text(shortfall.limit))
        where = "" if shortfall.where is None else self("where",
                                                        labels=self.examples(shortfall.labels))
        message = ("short" if shortfall.is_short else "over") + (
            "" if basis is None else "_at_least")
        return self(message,
                    phrase=self.term(PHRASES.get(shortfall.constraint, shortfall.constraint)),
                    where=where, amount=number_text(shortfall.whole),
                    share=share) + causes_text(shortfall.causes, self)
