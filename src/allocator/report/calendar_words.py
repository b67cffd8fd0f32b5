"""The campaign calendar's words in English and Simplified Chinese (merged into the language
catalogue, allocator.report.language): `allocate explain`'s timeline and the RM hours per
month."""

from __future__ import annotations

CALENDAR_MESSAGES: dict[str, tuple[str, str]] = {
    # a customer's timeline (allocator.campaigns.timeline)
    "timeline_activity": ("day {day}: {channel} {offer} ({activity})",
                          "第 {day} 天，{channel}：{offer}（{activity}）"),
    "schedule_contact": ("day {day} {channel}: {offer} ({activity})",
                         "第 {day} 天，{channel}：{offer}（{activity}）"),
    "timeline_contacted": ("contacted", "已接触"),
    "timeline_lag": ("blocked by the {lag}-day lag '{rule}' with the {channel} contact on day "
                     "{day} ({activity})",
                     "受冲突间隔“{rule}”（{lag} 天）所限：第 {day} 天已有{channel}接触"
                     "（{activity}）"),
    "timeline_window": ("blocked: '{rule}' allows {most} contacts in days {first}-{last}, all "
                        "taken",
                        "受限：“{rule}”在第 {first}–{last} 天最多允许 {most} 次接触，已用完"),
    "timeline_rm_hours": ("blocked: the hours of RM {rm} in days {first}-{last} are taken "
                          "({used:,.1f} of {limit:,.1f})",
                          "受限：客户经理 {rm} 在第 {first}–{last} 天的工时已用完（已用 "
                          "{used:,.1f}，上限 {limit:,.1f}）"),
    # the limits on contacts in a window (allocator.campaigns.charts)
    "legend_capacity": ("capacity", "上限"),
    "legend_floor": ("minimum", "下限"),
    "calendar_so_far": ("contacts so far\nin the limit's window", "限额时段内\n累计接触次数"),
    # RM hours per month (allocator.campaigns.charts)
    "rm_hours_month": ("days {first}–{last}", "第 {first}–{last} 天"),
    "rm_hours_bar": ("days {first}–{last} {grade}", "第 {first}–{last} 天（{grade}）"),
    "chart_rm_hours": ("RM hours per month by grade: given to RM contacts against the hours "
                       "per month", "各职级客户经理月度工时：客户经理接触所用工时与月度上限"),
    "timeline_closed": ("not open to the customer: {why}", "不向该客户开放：{why}"),
    "timeline_open": ("open to the customer, not contacted: {why}",
                      "向该客户开放，未接触：{why}"),
}

CALENDAR_COLUMNS_ZH: dict[str, str] = {
    "first_day": "首日", "last_day": "末日", "rm_hours": "客户经理工时",
    "hours_per_month": "月度工时上限", "schedule": "接触日程", "month": "月",
}

CALENDAR_TERMS_ZH: dict[str, str] = {
    "rm hours": "客户经理月度工时",
    "contacts": "接触明细",
    "rm_month_hours": "客户经理月度工时",
    "RM hours over their monthly capacity": "客户经理月度工时超出上限",
    "rm_month_hours_link": "客户经理接触由其客户经理完成",
}
