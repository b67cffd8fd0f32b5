"""The words of `allocate compare`: its tables' titles and its verdict on B against A, in
English and Chinese."""

COMPARE_MESSAGES: dict[str, tuple[str, str]] = {
    # compare.html (allocator.report.compare_report)
    "compare_title": ("Comparison: {a} → {b}", "方案对比：{a} → {b}"),
    "compare_headline": ("Expected value (B - A)", "预期价值（B − A）"),
    "compare_kpis": ("Key figures (B - A)", "关键指标（B − A）"),
    "compare_kpis_note": ("Spend, expected loss and capital of each plan; RMs and their cost "
                          "where the scenario gives it; the share of each tier's customers "
                          "with an RM; customers moved away from today's RM (reassignments) "
                          "and customers whose RM differs between the two plans (RM moves).",
                          "各方案的支出、预期损失与资本占用；情景给出成本时的客户经理人数及其成本；"
                          "各层级中有客户经理的客户占比；离开现有客户经理的客户（重新分配）以及"
                          "两方案之间客户经理不同的客户（客户经理变动）。"),
    "compare_packages": ("Package per tier", "各层级的服务包"),
    "compare_inputs": ("Scenario values that differ", "情景中不同的取值"),
    "compare_display_only": ("Display only (labels, output language, output folder, "
                             "description): {count} differences, all in "
                             "scenario_differences.csv.",
                             "仅影响显示（标签、输出语言、输出目录、说明）：{count} 处不同，"
                             "全部列于 scenario_differences.csv。"),
    "compare_inputs_none": ("The two runs were planned from the same scenario values.",
                            "两次运行所用的情景取值相同。"),
    "compare_by_rm": ("Change by RM (B - A)", "按客户经理的变化（B − A）"),
    "compare_by_tier": ("Change by tier (B - A)", "按层级的变化（B − A）"),
    "compare_by_offer": ("Change by offer (B - A)", "按产品的变化（B − A）"),
    # the same headings for runs in two currencies, whose amounts have no B - A
    "compare_headline_apart": ("Expected value (A and B)", "预期价值（A 与 B）"),
    "compare_kpis_apart": ("Key figures (B - A except amounts)", "关键指标（B − A，金额除外）"),
    "compare_by_rm_apart": ("Change by RM (B - A except amounts)",
                            "按客户经理的变化（B − A，金额除外）"),
    "compare_by_tier_apart": ("Change by tier (B - A except amounts)",
                              "按层级的变化（B − A，金额除外）"),
    "compare_by_offer_apart": ("Change by offer (B - A except amounts)",
                               "按产品的变化（B − A，金额除外）"),
    "compare_customers": ("Customers that changed", "发生变化的客户"),
    "compare_binding": ("Limits that started or stopped binding", "开始或不再起约束作用的限额"),
    "compare_free_hint": ("{free} RM changes were free: the lever does not need them (B "
                          "could have kept A's RM, or A could have had B's, at no cost). Plan B "
                          "again with --base {base} to keep them, so that only the changes the "
                          "lever forces remain.",
                          "{free} 处客户经理变更是非必要的：该调整并不需要它们（B 本可零成本"
                          "保留 A 的客户经理，或 A 本可零成本采用 B 的）。"
                          "请以 --base {base} 重新规划 B 以保留它们，"
                          "使剩下的只有该调整所迫使的变更。"),
    "compare_free_hint_books": ("{free} RM changes were free: B does not need them (B could "
                                "have kept A's RM, or A could have had B's, at no cost). Plan B "
                                "again with --base {base} to keep them, so that only the "
                                "changes B needs remain.",
                                "{free} 处客户经理变更是非必要的：B 并不需要它们（B 本可零成本"
                                "保留 A 的客户经理，或 A 本可零成本采用 B 的）。"
                                "请以 --base {base} 重新规划 B 以保留它们，"
                                "使剩下的只有 B 所需的变更。"),
    "amounts_in": ("Amounts are in {currency}.", "金额单位：{currency}。"),
    "compare_currencies": ("A's expected value is {value_a} {a}, B's {value_b} {b}. The two "
                           "runs' amounts are in different currencies and are not compared: "
                           "each run's amounts stand side by side, with no change between them.",
                           "A 的预期价值为 {value_a} {a}，B 的为 {value_b} {b}。两次运行的金额"
                           "币种不同，不作比较：各次运行的金额并列列出，不计其差。"),
    "compare_books": ("A and B plan different books ({both} customers in both, {only_a} only "
                      "in A, {only_b} only in B): changes are counted over the {both} in both.",
                      "A 与 B 规划的是不同的客户群（两者共有 {both} 位客户，仅 A 有 {only_a} 位，"
                      "仅 B 有 {only_b} 位）：变化只按两者共有的 {both} 位客户计算。"),
    "compare_within": ("The change in expected value ({delta}) is smaller than the two runs' "
                       "combined gap ({band}): within tolerance, not a measured effect. Re-run "
                       "both with a tighter solver.gap to measure it.",
                       "预期价值的变化（{delta}）小于两次运行的间隙之和（{band}）：在容差内，"
                       "不构成可测量的影响。如需测量，请以更小的 solver.gap 重新运行两者。"),
    "compare_shifted": ("Parts marked 'shifted' changed by more than the combined gap while the "
                        "whole plan did not: the two plans are equally good within their gaps, "
                        "and that value moved between tiers, offers or RMs; it is not an effect "
                        "of what differs between the runs.",
                        "标为“转移”的部分变化超过间隙之和，而整体方案的变化未超过：两方案在间隙内"
                        "同样好，这部分价值只是在层级、产品或客户经理之间转移，并非两次运行差异"
                        "所带来的影响。"),
    "compare_beyond": ("B is worth {delta} {currency} against A ({share}), beyond the two runs' "
                       "combined gap ({band}): a measured difference.",
                       "B 的预期价值相对 A 变化 {delta} {currency}（{share}），超出两次运行的间隙"
                       "之和（{band}）：为可测量的差异。"),
    "compare_beyond_gross": ("Before RM cost, B is worth {delta} {currency} against A "
                             "({share}), beyond the two runs' combined gap ({band}): a measured "
                             "difference.",
                             "扣除客户经理成本前，B 的预期价值相对 A 变化 {delta} {currency}"
                             "（{share}），超出两次运行的间隙之和（{band}）：为可测量的差异。"),
    "compare_same": ("B is worth the same as A to the unit, and the two runs' bounds prove it.",
                     "B 的预期价值与 A 相同（精确到个位），两次运行的上界均证明了这一点。"),
    "compare_same_gross": ("Before RM cost, B is worth the same as A to the unit, and the two "
                           "runs' bounds prove it.",
                           "扣除客户经理成本前，B 的预期价值与 A 相同（精确到个位），两次运行的"
                           "上界均证明了这一点。"),
    "compare_net": ("Net of RM cost, B is worth {delta} {currency} against A ({share}): its RM "
                    "cost changes by {cost} {currency}, its expected value before RM cost by "
                    "{gross} {currency}.",
                    "扣除客户经理成本后，B 的价值相对 A 变化 {delta} {currency}（{share}）："
                    "客户经理成本变化 {cost} {currency}，扣除成本前的预期价值变化 {gross} "
                    "{currency}。"),
    "compare_net_same_cost": ("Net of RM cost, B is worth {delta} {currency} against A "
                              "({share}): its RM cost is the same as A's.",
                              "扣除客户经理成本后，B 的价值相对 A 变化 {delta} {currency}"
                              "（{share}）：其客户经理成本与 A 相同。"),
    "compare_uncertified": ("The change in expected value ({delta}) is not certified: a run has "
                            "no bound.", "预期价值的变化（{delta}）未经证明：有一次运行缺少上界。"),
    "new_customer": ("new", "新客户"),
    "compare_note": ("Note on {run} ({label}): {note}", "{run}（{label}）的说明：{note}"),
}

BOOK_CAUSES: dict[str, tuple[str, str]] = {
    "rm: forced": ("RM changes B needed", "B 所需的客户经理变更"),
    "rm: free": ("RM changes B did not need", "B 并不需要的客户经理变更"),
    "offers: forced": ("offer changes B needed", "B 所需的产品推荐变更"),
    "offers: free": ("offer changes B did not need", "B 并不需要的产品推荐变更"),
}
"""The changes by cause (allocator.forced_changes) between runs of two books, in English and
Chinese: what B's book and limits needed and what they did not, as no lever moved from one
book to the other (between runs of one book: forced by the lever, or not needed by it)."""
