"""The Chinese names of the engine's own standard ids (the tiers, packages, RM grades,
channels and offers the shipped scenarios and the generator use), shown in a Chinese run
where the scenario's `labels:` give none."""

from __future__ import annotations

import re

STANDARD_GRADES_ZH: dict[str, str] = {
    "private_banker": "私人银行家", "wealth_rm": "财富客户经理", "premier_rm": "贵宾客户经理"}
"""The standard RM grades' default Chinese names, which a key of a Chinese run may give
(scenario.label_keys)."""

STANDARD_IDS_ZH: dict[str, str] = {
    # tiers
    "private": "私人银行", "wealth": "财富管理", "premier": "贵宾", "mass": "大众",
    "affluent": "富裕", "retail": "零售",
    # service packages
    "basic": "基础服务", "standard": "标准服务", "enhanced": "增强服务", "premium": "尊享服务",
    # RM grades
    **STANDARD_GRADES_ZH,
    # channels beyond those the catalogue names
    "letter": "信函", "mobile": "手机银行", "telephone": "电话",
    # the generator's offers
    "wealth_mandate": "全权委托", "investment_fund": "基金", "structured_note": "结构性票据",
    "mortgage": "房贷", "personal_loan": "个人贷款", "credit_card": "信用卡",
    "term_deposit": "定期存款", "insurance": "人寿保险",
    # the generator's products (a calendar's rules select activities by them)
    "discretionary mandate": "全权委托", "mutual fund": "共同基金",
    "structured note": "结构性票据", "personal loan": "个人贷款", "credit card": "信用卡",
    "term deposit": "定期存款", "life insurance": "人寿保险",
}
"""Id -> its default Chinese name; a scenario's label of the id comes first."""

ADDED_RM = re.compile(r"(?P<grade>[^\d+][^+]*)\+(?P<number>\d+)")
"""The id of an RM `rules.add_rms` adds to a grade (allocator.headcount): premier_rm+1."""

ID_MESSAGES: dict[str, tuple[str, str]] = {
    "added_rm": ("added {grade} {number}", "新增{grade} {number}"),
}
"""Message key -> (English, Chinese); merged into the catalogue (report/language.py)."""
