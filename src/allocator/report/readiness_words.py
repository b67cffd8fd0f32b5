"""The words of what the book cannot give, named before any solve (allocator.book.readiness):
the warnings a run and `validate` print, in English and Simplified Chinese; part of the report
catalogue (allocator.report.language)."""

from __future__ import annotations

READINESS_MESSAGES: dict[str, tuple[str, str]] = {
    "warning": ("warning: ", "警告："),
    "warnings": ("Warnings", "警告"),
    "ready_infeasible": ("no plan can exist: the book cannot give what the scenario asks:",
                         "不存在可行方案：客户数据无法满足情景的以下要求："),
    "ready_short_places": ("coverage is mandatory for tiers {tiers}, but their {count} "
                           "customers in these regions are more than the region's RMs of the "
                           "tiers' grades may hold (customers > places in their books, "
                           "max_book): {regions}; add RMs (rules.add_rms), raise max_book "
                           "(data.rms), or let coverage or book sizes give (objective.soft: "
                           "coverage or rm_book_size).",
                           "层级 {tiers} 必须配备客户经理，但其在以下区域的 {count} 位客户"
                           "多于该区域相应职级客户经理的名额（客户数 > 名额，max_book）："
                           "{regions}；请增加客户经理（rules.add_rms）、提高 max_book"
                           "（data.rms），或允许覆盖或客户数上限放宽（objective.soft：coverage "
                           "或 rm_book_size）。"),
    "ready_short_places_soft": ("coverage is mandatory for tiers {tiers}, but their {count} "
                                "customers in these regions are more than the region's RMs of "
                                "the tiers' grades may hold (customers > places in their "
                                "books, max_book): {regions}, so the plan falls short of "
                                "covering them all within those places (objective.soft: "
                                "{soft} lets it give); add RMs (rules.add_rms) or raise "
                                "max_book (data.rms).",
                                "层级 {tiers} 必须配备客户经理，但其在以下区域的 {count} 位"
                                "客户多于该区域相应职级客户经理的名额（客户数 > 名额，"
                                "max_book）：{regions}，因此方案无法在这些名额内覆盖全部客户"
                                "（objective.soft：{soft} 允许其放宽）；请增加客户经理"
                                "（rules.add_rms）或提高 max_book（data.rms）。"),
    "ready_short_hours": ("coverage is mandatory for tiers {tiers}, but their {count} "
                          "customers in these regions need more RM hours a year than the "
                          "region's RMs of the tiers' grades have (hours needed > hours there): "
                          "{regions}; add RMs (rules.add_rms), raise their hours "
                          "(rules.rm_capacity_scale or data.rms), or let coverage or RM hours "
                          "give (objective.soft: coverage or rm_capacity).",
                          "层级 {tiers} 必须配备客户经理，但其在以下区域的 {count} 位客户每年"
                          "所需的客户经理工时超过该区域相应职级客户经理的工时（所需工时 > "
                          "现有工时）：{regions}；请增加客户经理（rules.add_rms）、提高其工时"
                          "（rules.rm_capacity_scale 或 data.rms），或允许覆盖或客户经理工时"
                          "放宽（objective.soft：coverage 或 rm_capacity）。"),
    "ready_short_hours_soft": ("coverage is mandatory for tiers {tiers}, but their {count} "
                               "customers in these regions need more RM hours a year than the "
                               "region's RMs of the tiers' grades have (hours needed > hours "
                               "there): {regions}, so the plan falls short of covering them "
                               "all within those hours (objective.soft: {soft} lets it give); "
                               "add RMs (rules.add_rms) or raise their hours "
                               "(rules.rm_capacity_scale or data.rms).",
                               "层级 {tiers} 必须配备客户经理，但其在以下区域的 {count} 位"
                               "客户每年所需的客户经理工时超过该区域相应职级客户经理的工时"
                               "（所需工时 > 现有工时）：{regions}，因此方案无法在这些工时内"
                               "覆盖全部客户（objective.soft：{soft} 允许其放宽）；请增加客户"
                               "经理（rules.add_rms）或提高其工时（rules.rm_capacity_scale 或 "
                               "data.rms）。"),
    "ready_unserved": ("tiers.{tier}: coverage is mandatory, but customers of the tier "
                       "({count}; ids: {ids}) are where no RM of the tier's grades ({grades}) "
                       "works, in these regions: {regions}; add such RMs to data.rms, allow "
                       "another grade under tiers.{tier}.rm_grades, or make the coverage "
                       "optional.",
                       "tiers.{tier}：该层级必须配备客户经理，但其中 {count} 位客户（编号：{ids}）"
                       "所在区域 {regions} 没有职级为 {grades} 的客户经理；请在 data.rms 中"
                       "增加此类客户经理，在 tiers.{tier}.rm_grades 中允许其他职级，或将覆盖"
                       "改为可选。"),
    "ready_no_grades": ("none: rm_grades is empty", "（无：rm_grades 为空）"),
    "ready_optional_no_grade": ("tiers.{tier}.rm_grades: the tier's coverage is optional, but "
                                "no RM grade serves it (none listed, or each with effectiveness "
                                "0), so its customers get no RM; list the grades that may serve "
                                "it, or set tiers.{tier}.coverage: none.",
                                "tiers.{tier}.rm_grades：该层级的客户经理覆盖为可选，但没有可"
                                "服务它的客户经理职级（未列出，或效能均为 0），其客户因此不会"
                                "配备客户经理；请列出可服务该层级的职级，或设 "
                                "tiers.{tier}.coverage: none。"),
    "ready_unknown_grade": ("{key}: no RM has grade '{grade}'. The RM table's grades are: "
                            "{present}. Name one of them there, or add RMs of grade "
                            "'{grade}' to the RM table.",
                            "{key}：没有客户经理的职级为 '{grade}'。客户经理表中的职级为："
                            "{present}。请在此处改为其中之一，或在客户经理表中增加职级为 "
                            "'{grade}' 的客户经理。"),
    "ready_close_grade": ("{key}: no RM has grade '{grade}'. Did you mean '{close}'? The RM "
                          "table's grades are: {present}. Name one of them there, or add RMs "
                          "of grade '{grade}' to the RM table.",
                          "{key}：没有客户经理的职级为 '{grade}'，是否应为 '{close}'？客户经理表"
                          "中的职级为：{present}。请在此处改为其中之一，或在客户经理表中增加"
                          "职级为 '{grade}' 的客户经理。"),
    "ready_idle_grade": ("The RM table's grade '{written}' is named by no tier (their "
                         "rm_grades name {named}): no customer goes to its RMs ({ids}), and "
                         "the {customers} customers they serve today move to other RMs or to "
                         "none. Add the grade to a tier's grades ({example}, ...), or correct "
                         "the RM table.",
                         "客户经理表中的职级 '{written}' 未被任何层级列为可服务职级（各层级列出的"
                         "职级为 {named}）：该职级的客户经理（{ids}）不会分到客户，其现有的 "
                         "{customers} 位客户将转给其他客户经理或不再有客户经理。请将该职级加入"
                         "某一层级的可服务职级（如 {example}），或更正客户经理表。"),
    "ready_rm_no_hours": ("RM {rm} has {hours} capacity hours (capacity_hours in the RM table), "
                          "fewer than each of {customers} customers it serves today "
                          "(incumbent_rm) needs of it alone: they move to other RMs or to "
                          "none, moves forced by the RM's hours that the continuity limit does "
                          "not count. Give the RM its hours, or take it out of the RM table if "
                          "it has left.",
                          "客户经理 {rm} 的工时为 {hours}（客户经理表的 capacity_hours），少于"
                          "其现有客户（incumbent_rm）中 {customers} 位各自单独所需的工时：这些"
                          "客户将转给其他客户经理或不再有客户经理，属该客户经理工时所迫的变更，"
                          "不计入连续性限额。请为该客户经理填上工时；如其已离任，请将其从客户"
                          "经理表中删除。"),
    "ready_rm_no_book": ("RM {rm} has a max_book of 0 in the RM table: the {customers} "
                         "customers it serves today (incumbent_rm) move to other RMs or to "
                         "none, moves forced by the RM's book size that the continuity limit "
                         "does not count. Give the RM a book size, or take it out of the RM "
                         "table if it has left.",
                         "客户经理 {rm} 在客户经理表中的 max_book 为 0：其现有的 {customers} 位"
                         "客户（incumbent_rm）将转给其他客户经理或不再有客户经理，属该客户经理客户"
                         "数上限所迫的变更，不计入连续性限额。请为该客户经理设客户数上限；如其已"
                         "离任，请将其从客户经理表中删除。"),
    "ready_rm_no_hours_scaled": ("RM {rm} has {hours} capacity hours once scaled by {scale} "
                                 "(the RM table's capacity_hours times {key}), fewer than each "
                                 "of {customers} customers it serves today (incumbent_rm) "
                                 "needs of it alone: they move to other RMs or to none, moves "
                                 "forced by the scaling that the continuity limit does not "
                                 "count. Scale the RM's hours less, or give it more hours in "
                                 "the RM table.",
                                 "客户经理 {rm} 的工时按 {scale} 倍缩放后为 {hours}（客户经理表的 "
                                 "capacity_hours 乘以 {key}），少于其现有客户（incumbent_rm）中 "
                                 "{customers} 位各自单独所需的工时：这些客户将转给其他客户经理或"
                                 "不再有客户经理，属缩放所迫的变更，不计入连续性限额。请减小对该"
                                 "客户经理工时的缩放，或在客户经理表中为其填上更多工时。"),
    "ready_rm_no_book_scaled": ("RM {rm} has a max_book of 0 once scaled by {scale} (the RM "
                                "table's max_book times {key}, rounded down): the {customers} "
                                "customers it serves today (incumbent_rm) move to other RMs or "
                                "to none, moves forced by the scaling that the continuity limit "
                                "does not count. Scale the RM's book size less, or give it a "
                                "larger one in the RM table.",
                                "客户经理 {rm} 的 max_book 按 {scale} 倍缩放后为 0（客户经理表的 "
                                "max_book 乘以 {key} 后向下取整）：其现有的 {customers} 位客户"
                                "（incumbent_rm）将转给其他客户经理或不再有客户经理，属缩放所迫的"
                                "变更，不计入连续性限额。请减小对该客户经理客户数上限的缩放，或在"
                                "客户经理表中为其设更大的客户数上限。"),
    "ready_departed_rms": ("Customers whose RM today (incumbent_rm) is not in the RM table: "
                           "{customers}; the {rms} RMs they name, taken as having left the "
                           "bank: {ids}. They have no RM to keep: each gets a new RM where its "
                           "tier needs one, else none, moves forced by the RM's leaving that "
                           "the continuity limit does not count. Where an RM has not left, add "
                           "it to the RM table or correct the id in incumbent_rm.",
                           "现有客户经理（incumbent_rm）不在客户经理表中的客户：{customers} 位；"
                           "其所列 {rms} 名客户经理视为已离任：{ids}。这些客户无法保留原客户"
                           "经理：其层级需要客户经理的将配备新的客户经理，否则不再配备，属客户经理"
                           "离任所迫的变更，不计入连续性限额。如某客户经理并未离任，请将其加入客户"
                           "经理表，或更正 incumbent_rm 中的编号。"),
    "ready_written_otherwise": ("{column}: the customer table and the RM table write these as "
                                "the same number in two ways, which do not match, as text is "
                                "read as written: {ids} (customers / RMs); write each the same "
                                "way in both tables.",
                                "{column}：客户表与客户经理表将以下各项写成同一数字的不同形式，"
                                "文本按原样读取，因此两者不相匹配：{ids}（客户表 / 客户经理表）；"
                                "请在两表中采用相同写法。"),
    "ready_no_rms": ("none (the RM table is empty)", "无（客户经理表为空）"),
    "ready_lonely": ("customers in regions without any RM ({count}): {regions}; they can get "
                     "no RM and no offer that needs one.",
                     "{count} 位客户所在区域没有任何客户经理：{regions}；他们无法配备客户经理，"
                     "也无法获得需要客户经理的产品推荐。"),
    "encoding_guessed": ("{file}: read as {encoding}, not UTF-8 (found by encoding: auto); if "
                         "the names and text look right, set {key}: {encoding} in the scenario "
                         "to say so, else set the file's encoding there.",
                         "{file}：按 {encoding} 读取，不是 UTF-8（由 encoding: auto 检测）；"
                         "若名称与文字显示正确，请在情景中设置 {key}: {encoding} 予以确认，"
                         "否则请在该处填写文件的实际编码。"),
    "read_encoding": ("{key}: {file} read as {encoding}", "{key}：{file} 按 {encoding} 读取"),
    "ready_no_offers": ("the offer table ({key}) has no offers (a header only, no rows); the "
                        "plan will make no offer.",
                        "产品表（{key}）中没有产品（只有表头，没有数据行）；方案将不推荐任何产品。"),
    "ready_few_takers": ("offer '{offer}': its minimum of {minimum} is more than the customers "
                         "who may take it at all ({count}: in its tiers, not do-not-contact, "
                         "within their risk tolerance, with a value where it has its own value "
                         "column), so no plan meets it; lower the minimum (offers.{id}.minimum "
                         "or the offer table's minimum column), open the offer to more tiers "
                         "(eligible_tiers), or let the minimum give (objective.soft: "
                         "offer_minimum).",
                         "产品 '{offer}'：其最低量 {minimum} 多于可以接受该产品的客户数（{count} "
                         "位：属于其适用层级、未拒绝营销、风险承受能力不低于其风险等级，且在其有"
                         "自有价值列时有取值），因此任何方案都无法达到；请降低最低量"
                         "（offers.{id}.minimum 或产品表的 minimum 列）、向更多层级开放该产品"
                         "（eligible_tiers），或允许最低量放宽（objective.soft：offer_minimum）。"),
    "ready_few_takers_soft": ("offer '{offer}': its minimum of {minimum} is more than the "
                              "customers who may take it at all ({count}: in its tiers, not "
                              "do-not-contact, within their risk tolerance, with a value where "
                              "it has its own value column), so the plan falls short of it "
                              "(objective.soft: offer_minimum lets it give); lower the minimum "
                              "(offers.{id}.minimum or the offer table's minimum column) or "
                              "open the offer to more tiers (eligible_tiers).",
                              "产品 '{offer}'：其最低量 {minimum} 多于可以接受该产品的客户数"
                              "（{count} 位：属于其适用层级、未拒绝营销、风险承受能力不低于其风险"
                              "等级，且在其有自有价值列时有取值），因此方案将达不到该最低量"
                              "（objective.soft：offer_minimum 允许其放宽）；请降低最低量"
                              "（offers.{id}.minimum 或产品表的 minimum 列），或向更多层级开放该"
                              "产品（eligible_tiers）。"),
    "ready_empty_tier_floor": ("{key}: at least {share} of the budget ({amount} {currency}) "
                               "must be spent on the {tier_name} tier, but the tier has no "
                               "customers, so no plan meets it; set the floor to 0, change the "
                               "tiering (tiering) so that the tier has customers, or let the "
                               "floor give (objective.soft: tier_budget).",
                               "{key}：预算中至少 {share}（{amount} {currency}）须用于"
                               "{tier_name}层级，但该层级没有客户，因此任何方案都无法满足；请将该"
                               "下限设为 0、调整分层规则（tiering）使该层级有客户，或允许该下限"
                               "放宽（objective.soft：tier_budget）。"),
    "ready_empty_tier_floor_soft": ("{key}: at least {share} of the budget ({amount} "
                                    "{currency}) is to be spent on the {tier_name} tier, but "
                                    "the tier has no customers, so the plan falls short of it "
                                    "(objective.soft: tier_budget lets it give); set the floor "
                                    "to 0, or change the tiering (tiering) so that the tier has "
                                    "customers.",
                                    "{key}：预算中至少 {share}（{amount} {currency}）应用于"
                                    "{tier_name}层级，但该层级没有客户，因此方案将达不到该下限"
                                    "（objective.soft：tier_budget 允许其放宽）；请将该下限设为 "
                                    "0，或调整分层规则（tiering）使该层级有客户。"),
    "ready_no_customers": ("the customer table has no customers to plan (no rows, or only "
                           "closed accounts); the plan will be empty.",
                           "客户表中没有可规划的客户（没有数据行，或只有已销户账户）；方案将为空。"),
}
