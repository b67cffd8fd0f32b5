"""The words of "what drives this plan": prices, ranges, steps and the drivers' table
(allocator.sensitivity, allocator.report.drivers), in English and Simplified Chinese; part of
the report catalogue (allocator.report.language)."""

from __future__ import annotations

DRIVER_MESSAGES: dict[str, tuple[str, str]] = {
    # a driver's region shown under its grade (allocator.driver_ranking.regions_under_grades)
    "of_which": ("of which {part}", "其中 {part}"),
    "rm_parts": ("{shaping} of {rms} RMs at {use}, {others} at {others_use}",
                 "{rms} 名中 {shaping} 名使用率 {use}，{others} 名 {others_use}"),
    # a soft limit the plan breaks, in the drivers' note on its price (drivers.shown_drivers)
    "soft_missed": ("missed by {amount} (soft, penalty {penalty})",
                    "未达到，差 {amount}（软约束，罚金为{penalty}）"),
    "soft_exceeded": ("exceeded by {amount} (soft, penalty {penalty})",
                      "超出 {amount}（软约束，罚金为{penalty}）"),
    # what drives the plan (allocator.sensitivity)
    "drivers": ("What drives this plan", "方案的驱动因素"),
    "with_room": ("Limits with room: they do not shape this plan",
                  "尚有余量的限额：不影响本方案"),
    "drivers_unpriced": ("Not priced: the run's time limit ended the solve before the limits' "
                         "marginal values were computed, so no limit has one and no worth of "
                         "loosening is estimated from one (raise solver.time_limit to price "
                         "them).",
                         "未定价：本次运行的时间上限在计算各限额的边际价值之前结束了求解，因此"
                         "所有限额均无边际价值，也不据此估算放宽价值（提高 solver.time_limit "
                         "可为其定价）。"),
    "drivers_note": ("The limits that shape the plan, largest effect first: every binding limit "
                     "(met exactly, or with a non-zero marginal value), every limit used to "
                     "98% or more, and every limit whose raise, re-solved, gains (a book-wide "
                     "limit may gain through its tier shares, which move with it: the same "
                     "gain as theirs); rows per RM are added up by grade and region, an RM's month "
                     "also by its days (limits and use summed, the marginal value the largest "
                     "of the RMs', never an average of RMs that differ; an RM with no hours or no "
                     "place for a single customer left out). Worth of "
                     "loosening: "
                     "what {share:.0%} more room in the limit is worth (in whole units, one at "
                     "least, for a limit that counts offers or customers; one unit for a limit "
                     "of 0): the "
                     "measured change where that step was re-solved, otherwise the marginal "
                     "value times the part of the move within its range (one unit where no "
                     "range is known); where the move goes beyond the range the worth is at "
                     "least that, the rest not measured.",
                     "对方案起约束作用的限额，按影响从大到小排列：所有紧约束（恰好用满，或边际价值"
                     "不为零）、使用率达到 98% 及以上的限额，以及上调后重新求解有收益的限额（全账簿"
                     "限额的收益可能来自随之上调的各层级份额，与其收益相同）；按客户经理的行已按职级与区域汇总，"
                     "客户经理的月度行另按月份汇总（限额与使用量相加，边际价值取各客户经理中"
                     "最大者，不取各客户经理的平均；没有工时或没有一个客户名额、无法承接客户的"
                     "客户经理不计入）。"
                     "放宽价值：限额放宽 {share:.0%} 的价值（按产品或客户计数的限额按整数单位放宽，"
                     "至少一个单位；为 0 的限额放宽一个单位），"
                     "已重新求解的取实测变化，其余为边际价值乘以放宽量中"
                     "处于适用范围内的部分（无适用范围时只计一个单位）；放宽超出适用范围时，"
                     "价值至少为此，超出部分未测算。"),
    "drivers_lp": ("Marginal values are rates of the LP relaxation with the package choices "
                   "fixed at the plan's, each the same over the range of the limit shown: the "
                   "plan's own value, of whole decisions, moves in steps and may gain more or "
                   "less than that rate over the range (the re-solved steps measure what it "
                   "gains). A limit whose "
                   "price holds only part of the move (its range ends short of it) is worth "
                   "what that LP gains re-solved with the limit moved. Budget, loss cap, "
                   "capital cap and each grade's RM hours are also moved by a fifth (the tier "
                   "shares of them with them): "
                   "a raise is re-solved from "
                   "the plan, which shows the steps of package choices those prices cannot see; "
                   "a cut is re-solved with the packages that its bound (whole packages, the "
                   "customer decisions relaxed) picks. A tier's budget floor or cap is moved "
                   "the same way where that bound picks other packages.",
                   "边际价值是固定服务包选择后线性松弛的变化率，在所示限额范围内不变：本方案"
                   "自身的价值由整数决策构成，呈阶梯变化，在该范围内的增减可能高于或低于此"
                   "变化率（重新求解的跃变测得其实际增减）。"
                   "适用范围不及放宽量的，其放宽价值为该线性松弛在放宽后的限额下重新求解的"
                   "增加值。预算、预期"
                   "损失上限、资本上限与各职级客户经理工时另外单独调整五分之一：上调时从当前方案出发重新求解，以显示"
                   "边际价值无法反映的服务包选择跃变；下调时按上界（服务包取整、客户决策松弛）选定的服务包重新求解。各层级预算下限或上限在该上界选定"
                   "不同服务包时也同样调整并重新求解。"),
    "drivers_multipliers": ("On the decomposition path the marginal values are its Lagrange "
                            "multipliers: the range over which each holds is unknown, and the "
                            "steps of package choices are not measured.",
                            "分解法路径下的边际价值为其拉格朗日乘子：其适用范围未知，也未测算"
                            "服务包选择的跃变。"),
    "drivers_lp_prices": ("Marginal values are rates of the LP relaxation with the package "
                          "choices fixed at the plan's, each the same over the range of the "
                          "limit shown: the plan's own value, of whole decisions, moves in "
                          "steps and may gain more or less than that rate over the range (the "
                          "re-run steps measure what it gains). A limit priced only up to "
                          "today's limit (its range ends there) is worth what that LP gains "
                          "re-solved with the limit moved.",
                          "边际价值是固定服务包选择后线性松弛的变化率，在所示限额范围内不变："
                          "本方案自身的价值由整数决策构成，呈阶梯变化，在该范围内的增减可能高于"
                          "或低于此变化率（重新运行的跃变测得其实际增减）。"
                          "适用范围止于当前限额的，其放宽价值为该线性松弛在放宽后的限额下重新"
                          "求解的增加值。"),
    "drivers_lagrangian": ("Marginal values are the decomposition's Lagrange multipliers; each "
                           "holds over the range of the limit shown, with the other "
                           "multipliers held: the range of the Lagrangian dual (the LP over "
                           "the convex hull of each customer's and each tier's choices), not "
                           "of the plan's integer program.",
                           "边际价值为分解法的拉格朗日乘子；在其他乘子不变时，每个乘子在所示"
                           "限额范围内成立：该范围属于拉格朗日对偶（各客户与各层级选择之凸包上"
                           "的线性规划），而非方案的整数规划。"),
    "multipliers_settled": ("{count} of these multipliers the search left short of their best "
                            "for today's limit (it stopped within its gap) are moved there, "
                            "each with the others held, so that each range holds today's "
                            "limit.",
                            "其中 {count} 个乘子在搜索（于间隙内停止）时尚非当前限额下的最优乘子，"
                            "已在其他乘子不变时移至最优处，使每个适用范围都包含当前限额。"),
    "steps_on_clock": ("{stopped} of the {steps} step re-runs stopped on their time limit: "
                       "those step figures depend on the time given (solver.time_limit) and may "
                       "differ between runs of the same inputs.",
                       "{steps} 次跃变重算中有 {stopped} 次因时间上限而停止：这些跃变数字取决于"
                       "给定的求解时间（solver.time_limit），相同输入的两次运行可能不同。"),
    "steps_rerun": ("Budget, loss cap, capital cap and each grade's RM hours are also moved by "
                    "a fifth (the tier shares of them with them) and the decomposition run "
                    "again from the plan's multipliers and from the plan itself where it keeps "
                    "the moved limit, to the run's gap target, branching on the packages where "
                    "the limit takes them and a gap remains, at most {iterations} iterations "
                    "each, each taking what it needs of what the run's time limit "
                    "(solver.time_limit, {seconds} s) has left once the plan is priced, less "
                    "its last {share}, kept for the plans after them (none, where the plan "
                    "took all of it: each step then says so); a change "
                    "within both runs' gaps is shown as such. "
                    "Where packages change, the limit from which they do is read from the tier "
                    "subproblems at the multipliers.",
                    "预算、预期损失上限、资本上限与各职级客户经理工时另外单独调整五分之一（各层级"
                    "所占份额随之调整），并从本方案的乘子出发（本方案满足调整后限额时，也从本方案"
                    "出发）重新运行分解法，目标间隙与本次运行相同，限额涉及服务包且仍有间隙时"
                    "对服务包分支，每次至多 {iterations} 次迭代，按需使用本次运行时间上限"
                    "（solver.time_limit，{seconds} 秒）在方案定价后的剩余时间，其最后 {share} "
                    "留给其后的方案（方案用尽时间上限时不测算，各跃变逐一注明）；"
                    "变化未超出两次运行间隙的，如实标明。"
                    "服务包发生变化时，其起始限额取自各层级子问题在乘子处的选择。"),
    "ranges_not_computed": ("The ranges of {families} were not computed (a pass over the whole "
                            "book per row and side would be too many): their marginal values "
                            "are shown without one.",
                            "{families} 的适用范围未计算（每行每侧需对全量客户求解一次子问题，"
                            "次数过多）：其边际价值不附适用范围。"),
    "steps_off": ("No steps were measured (the scenario's setting “{key}” is off: "
                  "output.steps: false).",
                  "未测算跃变（情景设置“{key}”已关闭）。"),
    "steps_unproven": ("No steps were measured: the plan was not proven optimal within its gap, "
                       "so a re-solve's change could not be told from that gap.",
                       "未测算跃变：方案本身未在目标间隙内证明最优，重新求解的变化无法与该间隙"
                       "区分。"),
    "drivers_more": ("The table shows the first {shown} limits that shape the plan; "
                     "{count} more are in constraints.csv.",
                     "下表列出对方案起约束作用的前 {shown} 个限额；另有 {count} 个见 "
                     "constraints.csv。"),
    "drivers_none": ("No limit binds or is used to 98% or more.",
                     "没有紧约束，也没有使用率达到 98% 的限额。"),
    "price_range": ("{price} for a limit from {low} to {high} (now {limit})",
                    "限额在 {low} 至 {high} 之间时{price}（当前 {limit}）"),
    "price_range_elsewhere": ("{price} for a limit from {low} to {high}, not at "
                              "today's {limit} (the search stopped within its gap before this "
                              "multiplier was the best at today's limit)",
                              "限额在 {low} 至 {high} 之间时{price}，当前限额 {limit} "
                              "不在此范围内（搜索在间隙之内停止，此乘子尚非当前限额下的最优乘子）"),
    "price_point": ("{price} at today's limit of {limit} only: the price holds at "
                    "this value and changes with any move of the limit",
                    "{price}，仅在当前限额 {limit} 处成立：限额一有变动，该价格即改变"),
    "price_no_range": ("{price} at {limit} (range unknown)",
                       "当前限额 {limit} 下{price}（适用范围未知）"),
    "price_between": ("from {low} to {high}", "{low} 至 {high}"),
    "price_none": ("not priced (limit {limit})", "未定价（限额 {limit}）"),
    "step_up": ("raised {share} to {moved}", "上调 {share} 至 {moved}"),
    "step_down": ("cut {share} to {moved}", "下调 {share} 至 {moved}"),
    "step_worth": ("{change} {currency} in all, {per_unit} (re-solved; ±{spread}, the solves' "
                   "gaps)", "合计 {change} {currency}，{per_unit}（重新求解；误差 ±{spread}，即两次"
                   "求解的间隙）"),
    "step_short_of_gap": ("not measured within the re-run's gap (±{spread}; the re-run stopped "
                          "short of its gap target, so no package change is read from it)",
                          "未能在重新运行的间隙内测得（±{spread}；重新运行未达到其间隙目标，"
                          "故不据此给出服务包变化）"),
    "step_within_gaps": ("no change beyond the solves' gaps (±{spread}; re-solved)",
                         "变化未超出两次求解的间隙（±{spread}；重新求解）"),
    "step_bounded": ("worth at most {change} {currency} in all (LP bound, within the solver's "
                     "gap)", "合计至多 {change} {currency}（线性松弛上界，在求解间隙之内）"),
    "step_bounded_cut": ("costs at least {change} {currency} in all (bound with whole packages "
                         "and the customer decisions relaxed)",
                         "合计至少减少 {change} {currency}（服务包取整、客户决策松弛后的上界）"),
    "step_no_plan": ("no plan meets it", "没有满足该限额的方案"),
    "step_no_plan_because": ("no plan meets it: {phrase}", "没有满足该限额的方案：{phrase}"),
    "grade_price": ("{hours} hours of {rms} RMs, {price} (every RM's marginal "
                    "value; each RM's range in constraints.csv)",
                    "{rms} 名客户经理共 {hours} 工时，{price}（各客户经理的边际价值"
                    "相同；每人的适用范围见 constraints.csv）"),
    "grade_price_range": ("{hours} hours of {rms} RMs, worth {prices} as the RMs differ "
                          "({binding} of {rms} binding: {names}; each RM's value with its "
                          "range in constraints.csv)",
                          "{rms} 名客户经理共 {hours} 工时，各客户经理价值不同，{prices}"
                          "（{rms} 名中 {binding} 名为紧约束：{names}；每人的边际价值"
                          "及其适用范围见 constraints.csv）"),
    "step_unknown": ("not measured: the re-solve found no plan before its time ran out "
                     "(raise solver.time_limit to measure it)",
                     "未测得：重新求解在限时内未找到方案（提高 solver.time_limit 可测得）"),
    "step_solver_failed": ("not measured: the solver stopped with an error on the re-solve, "
                           "not for lack of time or of a plan",
                           "未测得：求解器在重新求解时出错，并非因时间不足或无可行方案"),
    "step_time_spent": ("not measured: the time given to the steps was spent before this "
                        "re-run began (raise solver.time_limit to measure it)",
                        "未测得：分配给步长测算的时间在本次重新运行开始前已用完（提高 "
                        "solver.time_limit 可测得）"),
    "step_no_plan_in_iterations": ("not measured: the re-run found no plan in its "
                                   "{iterations} iterations",
                                   "未测得：重新运行在 {iterations} 次迭代内未找到方案"),
    "step_unproven_change": ("not measured: the re-solve stopped before proving its gap "
                             "(±{spread}), so the change cannot be told apart from none "
                             "(raise solver.time_limit to measure it)",
                             "未测算：重新求解在证明间隙之前停止（±{spread}），无法判断有无"
                             "变化（提高 solver.time_limit 可测得）"),
    "step_not_proven": ("(the re-solve stopped before proving its gap)",
                        "（重新求解在证明间隙之前停止）"),
    "package_change": ("{tier} {before} → {after}", "{tier}层由 {before} 改为 {after}"),
    "packages_changed": ("packages: {changes}", "服务包：{changes}"),
    "packages_from": ("from a limit of about {at}", "约自限额 {at} 起"),
    "package_takes": ("the package change takes {amount} of the limit",
                      "服务包变化占用该限额 {amount}"),
    "package_frees": ("the package change frees {amount} of the limit",
                      "服务包变化释放该限额 {amount}"),
    "bound_packages": ("the bound's packages: {changes}", "该上界对应的服务包：{changes}"),
}


def _reworded(key: str, english: tuple[str, str], chinese: tuple[str, str]) -> tuple[str, str]:
    """A message of DRIVER_MESSAGES with one passage of each language replaced (old, new)."""
    texts = DRIVER_MESSAGES[key]
    assert english[0] in texts[0] and chinese[0] in texts[1], key
    return texts[0].replace(*english), texts[1].replace(*chinese)


RM_GRADE_HOURS = ((", capital cap and each grade's RM hours", " and capital cap"),
                  ("、资本上限与各职级客户经理工时", "与资本上限"))
"""The RM hours among the limits moved by a fifth, and the words without them."""

DRIVER_MESSAGES.update({  # a book without RMs: no word of rows per RM or RM hours
    "drivers_note_no_rms": _reworded(
        "drivers_note",
        ("; rows per RM are added up by grade and region, an RM's month also by its days "
         "(limits and use summed, the marginal value the largest of the RMs', never an average "
         "of RMs that differ; an RM with no hours or no place for a single customer left "
         "out)", ""),
        ("；按客户经理的行已按职级与区域汇总，客户经理的月度行另按月份汇总（限额与使用量相加，"
         "边际价值取各客户经理中最大者，不取各客户经理的平均；没有工时或没有一个客户名额、"
         "无法承接客户的客户经理不计入）", "")),
    "drivers_lp_no_rms": _reworded("drivers_lp", *RM_GRADE_HOURS),
    "steps_rerun_no_rms": _reworded("steps_rerun", *RM_GRADE_HOURS),
})
