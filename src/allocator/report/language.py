"""Every label and message of the reports, in English and Simplified Chinese.

`Words(language)` looks up a message by key (`words("plan_by_tier")`, with `{}` fields filled
from keyword arguments), a column header (`words.column("expected_loss")`) or a fixed term the
engine writes into its tables (`words.term("closed account")`). Messages exist in both languages
or in neither, so a missing translation fails loudly instead of leaking English into a Chinese
report; column names and terms fall back to themselves (tier names and offer ids are the bank's
own words). A scenario's `labels` give ids display names: `words.term` shows an id by its name
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
from allocator.report.figures import number_text
from allocator.report.id_words import STANDARD_IDS_ZH
from allocator.report.key_words import key_name_en, key_name_zh
from allocator.report.paper_words import (
    COLUMNS_EN,
    PAPER_COLUMNS_ZH,
    PAPER_MESSAGES,
    PAPER_TERMS_ZH,
)
from allocator.report.term_words import TERMS_EN, humanized
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
    "binding": ("Binding constraints and marginal values", "紧约束及其边际价值"),
    "constraints": ("Constraints, binding flags and marginal values",
                    "约束、是否紧约束及边际价值"),
    "soft_gave": ("Soft constraints that gave", "被放宽的软约束"),
    "diagnosis": ("What must give", "需要放宽的约束"),
    "sweep_points": ("Points of the sweep", "各情景点结果"),
    "frontier": ("Efficient frontier", "效率前沿"),
    "exclusions": ("Left out by rule", "按规则排除"),
    # what drives the plan (allocator.sensitivity)
    "drivers": ("What drives this plan", "方案的驱动因素"),
    "drivers_note": ("The limits that shape the plan, largest effect first: every binding limit "
                     "(met exactly, or with a non-zero marginal value) and every limit used to "
                     "98% or more; rows per RM are added up by grade and region (limits and use "
                     "summed, the marginal value the mean of the RMs'). Worth of loosening: "
                     "what {share:.0%} more room in the limit is worth (one more at least for a "
                     "limit that counts offers or customers): the measured change where that step "
                     "was re-solved, otherwise the marginal value times the part of the move "
                     "within its range (one unit where no range is known); where the move goes "
                     "beyond the range the worth is at least that, the rest not measured.",
                     "对方案起约束作用的限额，按影响从大到小排列：所有紧约束（恰好用满，或边际价值"
                     "不为零）以及使用率达到 98% 及以上的限额；按客户经理的行已按职级与区域汇总。"
                     "放宽价值：限额放宽 {share:.0%} 的价值（按产品或客户计数的限额至少放宽一个），"
                     "已重新求解的取实测变化，其余为边际价值乘以放宽量中"
                     "处于适用范围内的部分（无适用范围时只计一个单位）；放宽超出适用范围时，"
                     "价值至少为此，超出部分未测算。"),
    "drivers_lp": ("Marginal values come from the LP relaxation with the package choices fixed "
                   "at the plan's and hold over the range of the limit shown. Budget, loss cap, "
                   "capital cap and each grade's RM hours are also moved by a fifth (the tier "
                   "shares of them with them): "
                   "a raise is re-solved from "
                   "the plan, which shows the steps of package choices those prices cannot see; "
                   "a cut is re-solved with the packages that its bound (whole packages, the "
                   "customer decisions relaxed) picks. A tier's budget floor or cap is moved "
                   "the same way where that bound picks other packages.",
                   "边际价值取自固定服务包选择后的线性松弛，仅在所示限额范围内成立。预算、预期"
                   "损失上限、资本上限与各职级客户经理工时另外单独调整五分之一：上调时从当前方案出发重新求解，以显示"
                   "边际价值无法反映的服务包选择跃变；下调时按上界（服务包取整、客户决策松弛）选定的服务包重新求解。各层级预算下限或上限在该上界选定"
                   "不同服务包时也同样调整并重新求解。"),
    "drivers_multipliers": ("On the decomposition path the marginal values are its Lagrange "
                            "multipliers: the range over which each holds is unknown, and the "
                            "steps of package choices are not measured.",
                            "分解法路径下的边际价值为其拉格朗日乘子：其适用范围未知，也未测算"
                            "服务包选择的跃变。"),
    "drivers_lp_prices": ("Marginal values come from the LP relaxation with the package "
                          "choices fixed at the plan's and hold over the range of the limit "
                          "shown.", "边际价值取自固定服务包选择后的线性松弛，仅在所示限额范围内"
                          "成立。"),
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
                    "each, each taking what it needs of {seconds} s in all ({share} of "
                    "solver.time_limit); a change within both runs' gaps is shown as such. "
                    "Where packages change, the limit from which they do is read from the tier "
                    "subproblems at the multipliers.",
                    "预算、预期损失上限、资本上限与各职级客户经理工时另外单独调整五分之一（各层级"
                    "所占份额随之调整），并从本方案的乘子出发（本方案满足调整后限额时，也从本方案"
                    "出发）重新运行分解法，目标间隙与本次运行相同，限额涉及服务包且仍有间隙时"
                    "对服务包分支，每次至多 {iterations} 次迭代，按需使用合计不超过 {seconds} 秒"
                    "的时间（solver.time_limit 的 {share}）；变化未超出两次运行间隙的，如实标明。"
                    "服务包发生变化时，其起始限额取自各层级子问题在乘子处的选择。"),
    "ranges_not_computed": ("The ranges of {families} were not computed (a pass over the whole "
                            "book per row and side would be too many): their marginal values "
                            "are shown without one.",
                            "{families} 的适用范围未计算（每行每侧需对全量客户求解一次子问题，"
                            "次数过多）：其边际价值不附适用范围。"),
    "steps_off": ("No steps were measured (output.steps: false).",
                  "未测算跃变（output.steps: false）。"),
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
    "price_range": ("{price} per unit for a limit from {low} to {high} (now {limit})",
                    "限额在 {low} 至 {high} 之间时每单位 {price}（当前 {limit}）"),
    "price_range_elsewhere": ("{price} per unit for a limit from {low} to {high}, not at "
                              "today's {limit} (the search stopped within its gap before this "
                              "multiplier was the best at today's limit)",
                              "限额在 {low} 至 {high} 之间时每单位 {price}，当前限额 {limit} "
                              "不在此范围内（搜索在间隙之内停止，此乘子尚非当前限额下的最优乘子）"),
    "price_no_range": ("{price} per unit at {limit} (range unknown)",
                       "当前限额 {limit} 下每单位 {price}（适用范围未知）"),
    "price_none": ("not priced (limit {limit})", "未定价（限额 {limit}）"),
    "step_up": ("raised {share} to {moved}", "上调 {share} 至 {moved}"),
    "step_down": ("cut {share} to {moved}", "下调 {share} 至 {moved}"),
    "step_worth": ("{change} in all, {per_unit} per unit (re-solved; ±{spread}, the solves' "
                   "gaps)", "合计 {change}，每单位 {per_unit}（重新求解；误差 ±{spread}，即两次"
                   "求解的间隙）"),
    "step_short_of_gap": ("not measured within the re-run's gap (±{spread}; the re-run stopped "
                          "short of its gap target, so no package change is read from it)",
                          "未能在重新运行的间隙内测得（±{spread}；重新运行未达到其间隙目标，"
                          "故不据此给出服务包变化）"),
    "step_within_gaps": ("no change beyond the solves' gaps (±{spread}; re-solved)",
                         "变化未超出两次求解的间隙（±{spread}；重新求解）"),
    "step_bounded": ("worth at most {change} in all (LP bound, within the solver's gap)",
                     "合计至多 {change}（线性松弛上界，在求解间隙之内）"),
    "step_bounded_cut": ("costs at least {change} in all (bound with whole packages and the "
                         "customer decisions relaxed)",
                         "合计至少减少 {change}（服务包取整、客户决策松弛后的上界）"),
    "step_no_plan": ("no plan meets it", "没有满足该限额的方案"),
    "step_no_plan_because": ("no plan meets it: {phrase}", "没有满足该限额的方案：{phrase}"),
    "grade_price": ("{hours} hours of {rms} RMs, {price} per hour (the mean of the RMs' "
                    "marginal values; each RM's with its range in constraints.csv)",
                    "{rms} 名客户经理共 {hours} 工时，每工时 {price}（各客户经理边际价值的"
                    "平均；每人的边际价值及其适用范围见 constraints.csv）"),
    "step_unknown": ("not measured: the re-solve found no plan before its time ran out "
                     "(raise solver.time_limit to measure it)",
                     "未测得：重新求解在限时内未找到方案（提高 solver.time_limit 可测得）"),
    "step_time_spent": ("not measured: the time given to the steps was spent before this "
                        "re-run began (raise solver.time_limit to measure it)",
                        "未测得：分配给步长测算的时间在本次重新运行开始前已用完（提高 "
                        "solver.time_limit 可测得）"),
    "step_no_plan_in_iterations": ("not measured: the re-run found no plan in its "
                                   "{iterations} iterations",
                                   "未测得：重新运行在 {iterations} 次迭代内未找到方案"),
    "step_not_proven": ("(the re-solve stopped before proving its gap)",
                        "（重新求解在证明间隙之前停止）"),
    "package_change": ("{tier} {before} → {after}", "{tier}层 {before} → {after}"),
    "packages_changed": ("packages: {changes}", "服务包：{changes}"),
    "packages_from": ("from a limit of about {at}", "约自限额 {at} 起"),
    "package_takes": ("the package change takes {amount} of the limit",
                      "服务包变化占用该限额 {amount}"),
    "package_frees": ("the package change frees {amount} of the limit",
                      "服务包变化释放该限额 {amount}"),
    "bound_packages": ("the bound's packages: {changes}", "该上界对应的服务包：{changes}"),
    # result lines
    "status_line": ("Status: **{status}** ({method} path, {solver} {version}; timings in "
                    "manifest.json)", "状态：**{status}**（{method}路径，{solver} {version}；"
                    "各阶段耗时见 manifest.json）"),
    "status": ("Status", "状态"),
    "kept_line": ("Plan kept: the {path} path's, as {why} (each path's time and result: "
                  "manifest.json, attempts)", "采用的方案：{path}路径的方案，因为{why}"
                  "（各路径的用时与结果见 manifest.json）"),
    "kept_small_book": ("the book is small: the exact path proved its answer in its share of "
                        "the time limit", "客户账簿规模小：精确路径在其时间份额内证明了结果"),
    "kept_large_book": ("the book is too large for the exact path to prove its plan in the "
                        "time limit", "客户账簿规模过大，精确路径无法在时限内证明其方案"),
    "kept_method_exact": ("the scenario sets solver.method: exact",
                          "情景设定 solver.method: exact"),
    "kept_method_decomposition": ("the scenario sets solver.method: decomposition",
                                  "情景设定 solver.method: decomposition"),
    "kept_rm_month_hours": ("the scenario limits RM hours per month, which the decomposition "
                            "holds in its plan but not in its bound",
                            "情景设定了客户经理月度工时上限，分解法在方案中满足该上限，但其界未计入"),
    "kept_soft_kept_exactly": ("a soft limit of the scenario is one the decomposition keeps "
                               "hard for each customer",
                               "情景中有软约束属于分解法对每位客户严格执行的约束"),
    "decomposition_rm_month_hours": (
        "rm_grades.<grade>.hours_per_month: a book planned in parts cannot yet hold RM hours "
        "per month of calendar activities; use execution.book: whole, or remove the hours per "
        "month.",
        "rm_grades.<grade>.hours_per_month：分部分规划的客户账簿尚不支持日历活动的客户经理月度工时上限；"
        "请使用 execution.book: whole，或删除月度工时上限。"),
    "kept_exact_better": ("both paths ran and the exact path's plan is worth more",
                          "两条路径均已求解，精确路径的方案价值更高"),
    "kept_decomposition_better": ("both paths ran and the exact path found no better plan",
                                  "两条路径均已求解，精确路径未找到更优方案"),
    "kept_decomposition_proved": ("the decomposition's plan is within the gap target of its "
                                  "bound, so the exact path was not needed",
                                  "分解法的方案已在其上界的目标间隙之内，无需精确路径"),
    "kept_decomposition_settled": ("the decomposition settled the book on its own",
                                   "分解法已独自完成求解"),
    "kept_exact_no_time": ("too little of the time limit was left for the exact path",
                           "剩余时间不足以运行精确路径"),
    "kept_decomposition_no_time": ("too little of the time limit was left for the "
                                   "decomposition", "剩余时间不足以运行分解法"),
    "path": ("Path", "求解路径"),
    "expected_value": ("Expected value of the plan", "方案预期价值"),
    "best_bound": ("Best bound", "最优上界"),
    "gap": ("Gap", "相对间隙"),
    "gap_target": ("target {target}", "目标 {target}"),
    "none": ("none", "无"),
    "unknown": ("unknown", "未知"),
    "value_by_component": ("Value by component", "价值构成"),
    "check_passed": ("Independent check: every constraint family and the objective recomputed "
                     "from the plan: **passed**",
                     "独立校验：根据方案重新计算全部约束族与目标值：**通过**"),
    "check_short": ("Independent check: passed", "独立校验：通过"),
    "marginal_note": ("Marginal value: change in expected value per unit more of the limit, "
                      "from the LP relaxation with the package choices fixed at the plan's; it "
                      "holds while the limit stays between its range low and range high. Binding: "
                      "met exactly, or a non-zero marginal value; identities (one package per "
                      "tier, rules every plan keeps, limits no choice can reach) never bind. "
                      "The raised and cut columns: the plan re-solved with the limit moved by a "
                      "fifth.",
                      "边际价值：限额每增加一个单位，方案预期价值的变化量；取自固定服务包选择后的"
                      "线性松弛，仅在限额处于适用下限与适用上限之间时成立。紧约束：恰好用满，或"
                      "边际价值不为零；恒等式（每层一个服务包、所有方案必然满足的规则、任何选择都"
                      "达不到的限额）不计为紧约束。上调与下调各列：限额变动五分之一后重新求解的结果。"),
    "infeasible_intro": ("No plan meets every constraint. Re-solved with every constraint "
                         "elastic, these are the smallest relaxations that make a plan possible:",
                         "没有满足全部约束的方案。将所有约束设为弹性后重新求解，以下是使方案可行的"
                         "最小放宽："),
    "infeasible_intro_lp": ("No plan meets every constraint: the decomposition's bound fell "
                            "below the lowest value any plan can have. Re-solved as an LP "
                            "(customers may be split) with every constraint elastic, these are "
                            "the smallest relaxations that make a plan possible:",
                            "没有满足全部约束的方案：分解法的上界已低于任何方案可能的最低价值。"
                            "将所有约束设为弹性并按线性规划（客户可拆分）重新求解，以下是使方案"
                            "可行的最小放宽："),
    "infeasible_intro_sample": ("No plan meets every constraint: the decomposition's bound fell "
                                "below the lowest value any plan can have. Re-solved as an LP "
                                "(customers may be split) with every constraint elastic on a "
                                "sample of {customers:,} customers (1 in {step}), every limit "
                                "scaled to it, these are the smallest relaxations that make a "
                                "plan possible, scaled back to the whole book: estimates "
                                "(the continuity limit is not diagnosed on a sample):",
                                "没有满足全部约束的方案：分解法的上界已低于任何方案可能的最低价值。"
                                "在 {customers:,} 位客户的样本（每 {step} 位取 1 位，限额按比例"
                                "缩放）上将所有约束设为弹性并按线性规划（客户可拆分）重新求解，"
                                "以下是使方案可行的最小放宽，已按比例换算回全量客户，为估计值"
                                "（样本不诊断客户经理连续性约束）："),
    "infeasible_advice": ("Loosen one of these (for example with `--set`), or declare the "
                          "family soft with a penalty under `objective.soft`.",
                          "请放宽其中一项（例如使用 `--set`），或在 `objective.soft` 中将该约束族"
                          "设为带惩罚的软约束。"),
    "infeasible_head": ("{scenario} has no plan that meets every constraint. What must give:",
                        "{scenario} 没有满足全部约束的方案。需要放宽的约束："),
    "diagnosis_written": ("Diagnosis written to {folder}", "诊断已写入 {folder}"),
    # what the book cannot give, named before any solve (allocator.book.readiness)
    "warning": ("warning: ", "警告："),
    "ready_infeasible": ("no plan can exist: every customer of these tiers must have an RM, "
                         "and some have none who may serve them:",
                         "不存在可行方案：以下层级的每位客户都必须配备客户经理，但部分客户没有可服务"
                         "的客户经理："),
    "ready_unserved": ("tiers.{tier}: coverage is mandatory, but {count} customer(s) of the tier "
                       "(ids: {ids}) are in region(s) {regions} where no RM of grade(s) {grades} "
                       "works; add such RMs to data.rms, allow another grade under "
                       "tiers.{tier}.rm_grades, or make the coverage optional.",
                       "tiers.{tier}：该层级必须配备客户经理，但其中 {count} 位客户（编号：{ids}）"
                       "所在区域 {regions} 没有职级为 {grades} 的客户经理；请在 data.rms 中"
                       "增加此类客户经理，在 tiers.{tier}.rm_grades 中允许其他职级，或将覆盖"
                       "改为可选。"),
    "ready_no_grades": ("(none: rm_grades is empty)", "（无：rm_grades 为空）"),
    "ready_unknown_grade": ("tiers.{tier}.rm_grades: no RM has grade '{grade}'. The RM table's "
                            "grades are: {present}.",
                            "tiers.{tier}.rm_grades：没有客户经理的职级为 '{grade}'。客户经理表中的"
                            "职级为：{present}。"),
    "ready_close_grade": ("tiers.{tier}.rm_grades: no RM has grade '{grade}'. Did you mean "
                          "'{close}'? The RM table's grades are: {present}.",
                          "tiers.{tier}.rm_grades：没有客户经理的职级为 '{grade}'，是否应为 "
                          "'{close}'？客户经理表中的职级为：{present}。"),
    "ready_no_rms": ("none (the RM table is empty)", "无（客户经理表为空）"),
    "ready_lonely": ("{count} customer(s) are in region(s) without any RM: {regions}; they can "
                     "get no RM and no offer that needs one.",
                     "{count} 位客户所在区域没有任何客户经理：{regions}；他们无法配备客户经理，"
                     "也无法获得需要客户经理的产品推荐。"),
    "encoding_guessed": ("{file}: read as {encoding}, not UTF-8 (found by encoding: auto); if "
                         "the names and text look right, set {key}: {encoding} in the scenario "
                         "to say so, else set the file's encoding there.",
                         "{file}：按 {encoding} 读取，不是 UTF-8（由 encoding: auto 检测）；"
                         "若名称与文字显示正确，请在情景中设置 {key}: {encoding} 予以确认，"
                         "否则请在该处填写文件的实际编码。"),
    "read_encoding": ("{key}: {file} read as {encoding}", "{key}：{file} 按 {encoding} 读取"),
    "ready_no_customers": ("the customer table has no customers to plan (no rows, or only "
                           "closed accounts); the plan will be empty.",
                           "客户表中没有可规划的客户（没有数据行，或只有已销户账户）；方案将为空。"),
    "run_line": ("{scenario}: {status} ({method}, {solver}, {seconds:.1f} s) — expected value "
                 "{objective}, bound {bound}, gap {gap}",
                 "{scenario}：{status}（{method}，{solver}，{seconds:.1f} 秒）— 预期价值 "
                 "{objective}，上界 {bound}，间隙 {gap}"),
    "plan_by_tier": ("Plan by tier", "分层方案"),
    "sweep_table": ("Sweep", "情景分析"),
    "frontier_table": ("Frontier (marginal value per unit; knee marked)",
                       "效率前沿（单位边际价值；标出拐点）"),
    "written": ("Written to {folder}", "输出目录：{folder}"),
    "checked_written": ("Plan checked independently: passed. Written to {folder}",
                        "方案已通过独立校验。输出目录：{folder}"),
    "stale_removed": ("Removed {folder}: left half-written by process {pid}, which is gone.",
                      "已删除 {folder}：这是已结束的进程 {pid} 留下的未写完的目录。"),
    "registry_busy": ("{registry}: another allocate process held the run registry for more "
                      "than {seconds:g} s, so this run is not listed yet; its folder is "
                      "complete, and the next `allocate runs` lists it.",
                      "{registry}：另一个 allocate 进程占用运行登记表超过 {seconds:g} 秒，"
                      "本次运行暂未登记；其目录已完整写好，下次运行 `allocate runs` 时会登记。"),
    "stale_sweep_kept": ("{folder}: a sweep stopped with {points} finished point(s) (process "
                         "{pid} is gone); complete it by running the same sweep with --resume.",
                         "{folder}：进程 {pid} 已结束，其参数扫描已完成 {points} 个点；"
                         "以相同命令加 --resume 运行即可完成。"),
    "sweep_point_damaged": ("{path}: point {point} of the interrupted sweep is damaged or "
                            "incomplete; it is planned again.",
                            "{path}：中断的参数扫描中第 {point} 个点已损坏或不完整，将重新规划。"),
    "sweep_kept_on_error": ("{folder}: the sweep's {points} finished point(s) are kept; once "
                            "the error is fixed, run the same command with --resume to "
                            "complete it.",
                            "{folder}：本次参数扫描已完成的 {points} 个点已保留；修正错误后，"
                            "以相同命令加 --resume 运行即可完成。"),
    "registry_failed": ("{registry}: the run registry could not be written ({reason}), so this "
                        "run is not listed yet; its folder {folder} is complete, and the next "
                        "`allocate runs` lists it.",
                        "{registry}：无法写入运行登记表（{reason}），本次运行暂未登记；"
                        "其目录 {folder} 已完整写好，下次运行 `allocate runs` 时会登记。"),
    "stopped_run": ("Stopped by {signal}: no run folder was written; nothing half-written is "
                    "left.", "已由 {signal} 停止：未写入运行目录，也没有留下未写完的文件。"),
    "stopped_registering": ("Stopped by {signal} while adding {folder} to the run registry: "
                            "the folder is complete; the next `allocate runs` lists it.",
                            "已由 {signal} 在登记 {folder} 时停止：该目录已完整写好；"
                            "下次运行 `allocate runs` 时会登记。"),
    "stopped_written": ("Stopped by {signal}: the run folder is complete at {folder}; the "
                        "next `allocate runs` lists it.",
                        "已由 {signal} 停止：运行目录已完整写好，位于 {folder}；"
                        "下次运行 `allocate runs` 时会列出。"),
    "stopped_swept": ("Stopped by {signal}: the sweep folder is complete at {folder}; the "
                      "next `allocate runs` lists its points.",
                      "已由 {signal} 停止：参数扫描目录已完整写好，位于 {folder}；"
                      "下次运行 `allocate runs` 时会列出其各点。"),
    "stopped_plain": ("Stopped by {signal}.", "已由 {signal} 停止。"),
    "stopped_sweep": ("Stopped by {signal}: the finished points are kept; complete the sweep by "
                      "running the same command with --resume.",
                      "已由 {signal} 停止：已完成的点已保留；"
                      "以相同命令加 --resume 运行即可完成本次参数扫描。"),
    "excluded_line": ("{customers:,} {reason} ({effect})", "{customers:,} 位{reason}（{effect}）"),
    # diagnosis of an infeasible run
    "short": ("{phrase}{where} short by {amount}{share}", "{phrase}{where}缺口 {amount}{share}"),
    "over": ("{phrase}{where}: by {amount}{share}", "{phrase}{where}：超出 {amount}{share}"),
    "share_of": (" ({share:.1%} of {limit})", "（占 {limit} 的 {share:.1%}）"),
    "where": (" for {labels}", "（涉及 {labels}）"),
    "and_more": (" (and {more} more)", "（另有 {more} 项）"),
    "soft_limit": ("{constraint} [{label}] soft, penalized: used {used}, must be {sense} "
                   "{limit} (off by {amount})",
                   "{constraint} [{label}] 软约束，已计惩罚：使用 {used}，应 {sense} "
                   "{limit}（偏离 {amount}）"),
    "soft_line": ("{constraint} [{label}] soft, penalized: {detail}",
                  "{constraint} [{label}] 软约束，已计惩罚：{detail}"),
    # headline marginal values
    "budget_unit": ("one more unit of budget", "预算每增加一个单位"),
    "loss_unit": ("one more unit of expected-loss appetite", "预期损失容忍度每增加一个单位"),
    "capital_unit": ("one more unit of capital", "资本每增加一个单位"),
    "rm_hour": ("one more RM hour ({grade})", "客户经理工时每增加一小时（{grade}）"),
    # baselines and models
    "uplift": ("Uplift over rule-of-thumb plans", "相对经验规则方案的提升"),
    "uplift_note": ("The same book, budget and constraints, planned by the rules banks use today "
                    "and valued by the same independent checker; uplift = optimized value / rule "
                    "value - 1.", "同一客户群、预算与约束下，按银行现行经验规则制定的方案，经同一"
                    "独立校验器估值；提升 = 优化方案价值 / 规则方案价值 - 1。"),
    "models": ("Models (measured on held-out customers)", "模型（留出样本评估）"),
    "optimized": ("optimized plan", "优化方案"),
    "model_line": ("{column}: AUC {auc:.3f}, Brier {brier:.4f} ({method}, "
                   "{held_out:,} held out)",
                   "{column}：AUC {auc:.3f}，Brier 分数 {brier:.4f}（{method}，"
                   "留出 {held_out:,} 位客户）"),
    "chart_baselines": ("Expected value: optimized plan and rule-of-thumb plans",
                        "预期价值：优化方案与经验规则方案"),
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
    "chart_frontier": ("Expected value against {key}", "预期价值随 {key} 的变化"),
    "previous_tier": ("previous tier", "原层级"),
    "cap": ("cap", "上限"),
    "knee": ("knee", "拐点"),
    # differences within the solver's gap
    "gap_band": ("objective to bound (gap)", "预期价值至上界（间隙）"),
    "within_tolerance": ("within tolerance", "在容差内"),
    "within_note": ("A change between neighbouring points smaller than their noise band (both "
                    "points' gaps, bound minus expected value, added) is within tolerance: the "
                    "solver's gap alone could account for it, so it is not a measured effect and "
                    "its marginal value is not shown. Without a bound the change is not "
                    "certified.",
                    "相邻情景点之间的变化若小于其噪声带（两点的间隙，即上界减预期价值，之和），"
                    "则在容差内：仅求解间隙即可解释该变化，不构成可测量的影响，不显示其边际价值。"
                    "缺少上界时，该变化未经证明。"),
    "knee_definition": ("Knee: the inner point farthest above the straight line joining the "
                        "first and last points (where returns start to fall), measured in "
                        "expected value; claimed only when "
                        "that distance exceeds the point's noise band (its own gap plus the "
                        "line's there, the end points' gaps weighted by position).",
                        "拐点：位于首末两点连线（弦线）上方且距离最远的中间点（收益开始递减之处），距离以预期价值计；仅当该距离"
                        "超过该点的噪声带（自身间隙加弦线在该处的间隙，首末两点间隙按位置加权）"
                        "时才认定。"),
    "knee_claimed": ("Knee at {key} = {value}: {distance} above the chord, beyond the noise band "
                     "of that distance, {band}.", "拐点位于 {key} = {value}：距弦线 {distance}，"
                     "超出弦线处噪声带 {band}。"),
    "knee_within": ("No knee claimed: the point farthest above the chord ({key} = {value}, "
                    "{distance} above it) lies within the noise band of that distance, {band}.",
                    "不认定拐点：距弦线最远的点（{key} = {value}，距离 {distance}）位于弦线处"
                    "噪声带 {band} 之内。"),
    "net_best": ("Value net of RM cost is highest at {key} = {value}: {net} (the chart's "
                 "solid line; the dashed line is value before RM cost).",
                 "扣除客户经理成本后的价值在 {key} = {value} 时最高：{net}（图中实线；虚线为扣除"
                 "客户经理成本前的价值）。"),
    "knee_straight": ("No knee: no point lies above the chord joining the first and last "
                      "points (returns do not fall).",
                      "无拐点：没有点位于首末两点连线（弦线）上方（收益未递减）。"),
    "knee_uncertified": ("No knee claimed: the point farthest above the chord ({key} = {value}) "
                         "has no certified noise band (a bound is missing).",
                         "不认定拐点：距弦线最远的点（{key} = {value}）缺少上界，其噪声带未经"
                         "证明。"),
    "tightened_note": ("{points} points differed from a neighbour by less than their noise band "
                       "and were re-solved with a gap target {factor} times tighter, up to "
                       "{rounds} times (column tightened).",
                       "{points} 个情景点与相邻点的差异小于噪声带，已按缩小 {factor} 倍的间隙目标"
                       "重新求解，最多 {rounds} 次（见“收紧次数”列）。"),
    "tight_reached_note": ("{reached} of {points} re-solved points reached the tighter gap "
                           "target (column tighter gap target reached); each point's status is "
                           "judged against the scenario's own gap target of {target}, as the "
                           "point run alone.",
                           "{points} 个重新求解的情景点中有 {reached} 个达到了收紧后的间隙目标"
                           "（见“达到收紧目标”列）；各情景点的状态按情景自身的间隙目标 "
                           "{target} 判定，与单独运行该情景点一致。"),
    "still_within": ("{pairs} changes between neighbouring points remain within tolerance: read "
                     "them as no measurable difference.",
                     "{pairs} 处相邻情景点之间的变化仍在容差内：应视为无可测量的差异。"),
    "compare_by_tier": ("Change by tier (B - A)", "按层级的变化（B − A）"),
    "compare_by_offer": ("Change by offer (B - A)", "按产品的变化（B − A）"),
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
    "compare_uncertified": ("The change in expected value ({delta}) is not certified: a run has "
                            "no bound.", "预期价值的变化（{delta}）未经证明：有一次运行缺少上界。"),
    "new_customer": ("new", "新客户"),
    # progress and allocate validate
    "status_planning": ("planning {scenario}", "正在规划 {scenario}"),
    "status_sweeping": ("sweeping {scenario}", "正在进行情景分析 {scenario}"),
    "status_validating": ("reading, tiering and valuing the book", "正在读取、分层并估值客户群"),
    "status_iteration": ("decomposition iteration {iteration}: bound {bound}, best plan "
                         "{plan}{gap}", "分解法第 {iteration} 次迭代：上界 {bound}，当前最优方案 "
                         "{plan}{gap}"),
    "status_gap": (", gap {gap}", "，间隙 {gap}"),
    "status_no_plan": ("none yet", "暂无"),
    "valid_line": ("{scenario}: scenario and data are valid — {customers} customers, {rms} "
                   "RMs, {offers} offers, {pairs} customer-RM pairs, {offer_pairs} "
                   "customer-offer pairs.",
                   "{scenario}：情景与数据有效 — {customers} 位客户，{rms} 名客户经理，"
                   "{offers} 个产品，{pairs} 个客户-客户经理组合，{offer_pairs} 个客户-产品组合。"),
    "excluded_rows": ("Rows left out by rule", "按规则排除的行"),
    "migration_table": ("Tier migration (previous -> new)", "客户层级迁移（原层级 → 新层级）"),
    # allocate verify
    "note": ("note: ", "注意："),
    "verify_failed": ("verify failed: ", "校验未通过："),
    "violated_line": ("{constraint} [{label}] violated: {detail}",
                      "{constraint} [{label}] 违反：{detail}"),
    "verify_violations": ("{count} violation(s) in {folder}", "{folder} 中有 {count} 处违反"),
    "verify_tiers_recomputed": ("tiers recomputed from the raw data", "已根据原始数据重新分层"),
    "verify_tiers_saved": ("tiers not recomputed", "未重新分层"),
    "verify_hashed": ("every file the run wrote matching its hash",
                      "运行写出的每个文件均与其哈希值一致"),
    "verify_unhashed": ("files not checked against hashes", "未按哈希值核对文件"),
    "verify_passed_no_plan": ("{folder}: this run has no plan; its diagnosis and reports are "
                              "as the run wrote them ({files}).",
                              "{folder}：此次运行没有方案；其诊断与报告与运行时写入的一致"
                              "（{files}）。"),
    "verify_passed": ("{folder}: plan passes every check ({limits} limits measured; {tiers}; "
                      "{files}; objective {objective} recomputed and matching).",
                      "{folder}：方案通过全部校验（测量了 {limits} 项限额；{tiers}；{files}；"
                      "重新计算的预期价值 {objective} 与记录一致）。"),
    "verify_sweep_empty": ("{folder}: a sweep folder without a planned point; nothing to "
                           "verify.", "{folder}：该情景分析文件夹中没有已规划的点，无需校验。"),
    "verify_point_no_plan": ("{folder}: this point has no plan (see its summary.md); nothing "
                             "to verify.", "{folder}：该点没有方案（见其 summary.md），无需校验。"),
    "verify_sweep_failed": ("{failed} of {points} points of the sweep {folder}",
                            "情景分析 {folder} 的 {points} 个点中有 {failed} 个"),
    "verify_sweep_passed": ("{folder}: every planned point of the sweep ({planned} of {points}) "
                            "passes every check.",
                            "{folder}：情景分析中每个已规划的点（{points} 个中的 {planned} 个）"
                            "均通过全部校验。"),
    # allocate runs
    "runs_title": ("Runs in {reports} ({count} matching)",
                   "{reports} 中的运行（符合条件 {count} 个）"),
    "runs_none": ("No runs yet: plan a scenario with `allocate SCENARIO.yaml`.",
                  "尚无运行：请以 `allocate 情景文件.yaml` 规划一个情景。"),
    "runs_none_of_scenario": ("No runs of scenario '{scenario}'. Scenarios with runs: "
                              "{scenarios}.", "没有情景“{scenario}”的运行。有运行的情景："
                              "{scenarios}。"),
    # allocate explain
    "explain_tier": ("tier {tier}: {reason}", "层级 {tier}：{reason}"),
    "explain_value": ("lifetime value {clv} (previous tier {previous})",
                      "客户终身价值 {clv}（原层级 {previous}）"),
    "explain_rms": ("RMs this customer could have (value; price of an hour there)",
                    "该客户可配备的客户经理（价值；其工时的价格）"),
    "explain_no_rm": ("no RM coverage for this tier", "该层级不配备客户经理"),
    "why_tier": ("not open to tier {tier}", "不向{tier}层级开放"),
    "why_do_not_contact": ("customer is do-not-contact", "客户拒绝营销"),
    "why_risk": ("risk level {level} above the customer's tolerance {tolerance}",
                 "风险等级 {level} 高于客户的承受等级 {tolerance}"),
    "why_no_rm": ("needs an RM and the customer has none", "需要客户经理，而该客户没有"),
    "why_made": ("made: worth more than the limits it uses are worth",
                 "已推荐：价值高于其占用限额的价值"),
    "why_not_positive": ("expected value not positive", "预期价值不为正"),
    "why_priced_out": ("priced out: the limits it would use are worth {charge} > {value}",
                       "未推荐：其占用限额的价值 {charge} > 其价值 {value}"),
    "why_no_value": ("not offered: its value column has no value for the customer",
                     "未推荐：该客户在其价值列中没有取值"),
    "explain_calendar": ("Calendar", "营销日历"),
    "why_other": ("the contact limit went to better offers, or a limit was full",
                  "接触次数已给了更好的产品推荐，或某项限额已满"),
    # why a customer is in a tier (allocator.tiering)
    "reason_above": ("{metric} >= {value} -> {tier}", "{metric} ≥ {value}，归入{tier}"),
    "reason_below": ("{metric} below {value} -> {tier}", "{metric}低于 {value}，归入{tier}"),
    "reason_single": ("single tier -> {tier}", "只有一个层级，归入{tier}"),
    "reason_kept": ("kept in {tier}: {metric} >= {value} (threshold less {band} hysteresis "
                    "band)", "保留在{tier}：{metric} ≥ {value}（门槛减去 {band} 的缓冲带）"),
    "rm_cost_line": ("Cost of the {rms} RMs over the horizon: {cost}; value net of RM cost: "
                     "**{net}** (a constant: it does not change which plan is best)",
                     "{rms} 名客户经理在规划期内的成本：{cost}；扣除客户经理成本后的价值："
                     "**{net}**（为常数，不影响哪个方案最优）"),
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
    "compare_inputs_none": ("The two runs were planned from the same scenario values.",
                            "两次运行所用的情景取值相同。"),
    "compare_by_rm": ("Change by RM (B - A)", "按客户经理的变化（B − A）"),
}
MESSAGES.update(PAPER_MESSAGES)
MESSAGES.update(CALENDAR_MESSAGES)
MESSAGES.update(VIOLATION_MESSAGES)

LIMIT_LABEL = re.compile(r"^(?P<constraint>[^\[\]]+) \[(?P<label>[^\[\]]+)\]$")
"""A limit named with its label, as rule-of-thumb plans list the limits they break."""
CHANGE_SUFFIXES = {"_delta": "变化", "_within_gap": "变化在间隙内"}
"""Columns of a comparison: a column's change, and whether it is within the gaps."""

SEPARATORS: dict[str, tuple[str, str]] = {"list": ("; ", "；"), "clause": (", ", "，"),
                                          "open": (" (", "（"), "close": (")", "）"),
                                          "colon": (": ", "：")}
"""Punctuation between the parts of a sentence built from messages, in each language."""

COLUMNS_ZH: dict[str, str] = {
    "tier": "层级", "customers": "客户数", "covered": "已覆盖", "package": "服务包",
    "package_cost": "服务包成本", "offers": "推荐", "offer_cost": "推荐成本", "budget": "预算",
    "value": "价值", "expected_loss": "预期损失", "roi": "投资回报率", "offer_id": "产品",
    "day": "第几天", "offer": "推荐产品", "activity": "营销活动", "week": "周",
    "products": "产品", "cost_per_contact": "单次接触成本", "contacts": "接触次数",
    "channel": "渠道", "made": "推荐量", "quota": "配额", "minimum": "最低量", "cost": "成本",
    "expected_sales": "预期销量", "capital": "资本占用", "family": "约束族",
    "constraint": "约束", "label": "对象", "sense": "方向", "limit": "限额", "used": "使用量",
    "slack": "余量", "binding": "紧约束", "marginal_value": "边际价值", "rm_id": "客户经理",
    "grade": "职级", "region": "区域", "kept_from_incumbent": "保留的原有客户",
    "hours": "工时", "capacity_hours": "工时容量", "utilization": "利用率",
    "coverage_value": "覆盖价值", "customer_id": "客户编号", "tier_reason": "分层依据",
    "incumbent_rm": "原客户经理", "clv": "客户终身价值", "offer_value": "推荐价值",
    "marginal": "边际项", "item": "项目", "propensity": "响应概率", "point": "情景点",
    "status": "状态", "objective": "预期价值", "bound": "上界", "gap": "间隙",
    "spend": "支出", "rm_utilization": "客户经理利用率", "diagnosis": "诊断",
    "warm_started": "热启动", "folder": "目录", "shortfall": "缺口", "rows": "行数",
    "labels": "对象", "marginal_value_per_unit": "单位边际价值", "knee": "拐点",
    "change": "变化", "noise_band": "变化的噪声带", "within_gap": "在间隙内",
    "distance_from_chord": "距弦线距离", "chord_noise_band": "弦线处噪声带",
    "gap_target": "间隙目标", "tightened": "收紧次数", "value_within_gap": "价值变化在间隙内",
    "tight_gap_target": "收紧后间隙目标", "tight_gap_reached": "达到收紧目标",
    "coverage_value_within_gap": "覆盖价值变化在间隙内", "kpi": "指标", "delta": "差值",
    "reason": "原因", "previous_tier": "原层级", "effect": "处理", "component": "构成",
    "scenario": "情景", "baseline": "基准方案", "uplift": "提升",
    "meets_every_limit": "满足全部约束", "falls_short": "未达标项", "column": "字段",
    "target": "目标变量", "method": "方法", "trained_on": "训练样本", "held_out": "留出样本",
    "base_rate": "基准率", "auc": "AUC", "brier": "Brier 分数", "bin": "分组",
    "predicted": "预测概率", "observed": "实际比例",
    "range_low": "适用下限", "range_high": "适用上限", "identity": "恒等式",
    "step_to": "上调后限额", "step_change": "上调后价值变化", "step_per_unit": "上调后单位价值",
    "step_packages": "上调后服务包变化", "use_share": "使用率", "loosening_worth": "放宽价值",
    "worth_at_least": "至少（超出适用范围部分未测算）", "price_note": "边际价值说明",
    "rms": "客户经理数", "step": "跃变",
    "aum": "资产规模", "revenue_12m": "近12个月收入", "score": "评分", "rfm score": "RFM 评分",
    "deposits": "存款", "loans": "贷款", "tenure_years": "客户年限",
    "chosen": "已选", "incumbent": "原客户经理", "hour_marginal_value": "工时边际价值",
    "value_net_of_hours": "扣除工时价值后", "priced_by_limits": "占用限额的价值",
    "why": "原因", "note": "说明", "applied": "调整项", "customer_share": "客户占比",
    "aum_share": "资产占比", "step_gap": "上调后间隙",
    "cut_to": "下调后限额", "cut_change": "下调后价值变化", "cut_per_unit": "下调后单位价值",
    "cut_gap": "下调后间隙", "cut_packages": "下调后服务包变化",
    "step_note": "上调未测得原因", "cut_note": "下调未测得原因", "made_delta": "推荐量变化",
    # headcount and RM cost (allocator.headcount)
    "rm_cost": "客户经理成本", "net_value": "扣除客户经理成本后的价值",
    "net_bound": "扣除客户经理成本后的上界", "net_change": "净价值变化",
    "net_within_gap": "净价值变化在间隙内", "net_marginal_value_per_unit": "单位净边际价值",
    "key": "情景键", "changed": "是否变化",
    # compare's changed customers (allocator.compare, allocator.forced_changes)
    "tier_changed": "层级是否变化", "rm_changed": "客户经理是否变化",
    "offers_changed": "产品推荐是否变化", "rm_change": "客户经理变更的原因",
    "offers_change": "产品推荐变更的原因",
    # `allocate runs`
    "run_label": "标签", "created": "创建时间",
}

TERMS_ZH: dict[str, str] = {
    "another limit binds first": "0：另一限额先起约束", "range unknown": "适用范围未知",
    "time spent": "未测得：步长测算的时间已用完", "no plan in time": "未测得：限时内未找到方案",
    "no plan in iterations": "未测得：迭代次数内未找到方案",
    "short of gap": "未测得：重新运行未达到间隙目标",
    # compare: key figures and sheets (allocator.compare_kpis, report.compare_report)
    "objective": "预期价值", "bound": "上界", "spend": "支出", "expected_loss": "预期损失",
    "capital": "资本占用", "customers": "客户数", "covered": "已覆盖",
    "reassignments": "重新分配的客户", "rms": "客户经理数", "rm_cost": "客户经理成本",
    "net_value": "扣除客户经理成本后的价值", "coverage_share": "客户经理覆盖率",
    "rm_moves": "客户经理变动的客户", "applied": "应用的覆盖设置", "key figures": "关键指标",
    "scenario differences": "情景差异", "binding changes": "约束变化",
    "change counts": "变化计数", "changed customers": "发生变化的客户",
    "became binding": "开始起约束作用", "stopped binding": "不再起约束作用",
    # solver statuses and paths
    "optimal": "最优", "feasible": "可行", "infeasible": "不可行", "no_solution": "无解",
    "error": "错误", "exact": "精确", "decomposition": "分解",
    # channels
    "rm": "客户经理", "call_centre": "呼叫中心", "email": "电子邮件", "sms": "短信",
    "app": "手机银行", "branch": "网点",
    # value components
    "coverage": "客户经理覆盖", "offers": "产品推荐", "packages": "服务包", "penalties": "惩罚项",
    # senses and flags
    "le": "≤", "ge": "≥", "eq": "=", "yes": "是", "no": "否", "total": "合计",
    "not certified": "未经证明", "shifted": "转移",
    # exclusions
    "(new)": "（新客户）", "closed account": "已销户客户", "status": "状态",
    # what a comparison counts (allocator.compare)
    "tier": "层级", "any": "任一项", "rm: forced": "客户经理：被迫变更",
    "rm: free": "客户经理：非必要变更", "offers: forced": "产品推荐：被迫变更",
    "offers: free": "产品推荐：非必要变更", "tier: forced": "层级：被迫变更",
    "left out of the plan": "不纳入方案",
    "do not contact": "拒绝营销客户",
    "kept for RM coverage, no offers": "保留客户经理覆盖，不做推荐",
    # baselines and models
    "tier_greedy": "按层级贪心填充", "equal_split": "预算按层级平分",
    "incumbent_books": "维持现有客户经理名单", "optimized plan": "优化方案",
    "logistic": "逻辑回归", "gradient_boosting": "梯度提升树",
    # workbook sheets and summary items
    "summary": "摘要", "tiers": "客户分层", "rm books": "客户经理名单",
    "constraints": "约束", "customer plan": "客户方案", "calendar": "营销日历", "scenario": "情景",
    "path": "求解路径", "expected value": "预期价值", "best bound": "最优上界", "gap": "间隙",
    "value: coverage": "价值：客户经理覆盖", "value: offers": "价值：产品推荐",
    "value: packages": "价值：服务包", "value: penalties": "价值：惩罚项",
    # constraint families and their diagnosis phrases
    "coverage_mandatory": "必选层级覆盖", "coverage_optional": "单一客户经理",
    "rm_capacity": "客户经理工时", "rm_book_size": "客户经理名单规模",
    "rm_min_load": "客户经理最低工作量", "continuity": "客户经理连续性", "contact": "接触频次",
    "channel_capacity": "渠道容量", "rm_offer_link": "客户经理推荐需有客户经理",
    "budget": "预算", "tier_budget_floor": "层级预算下限", "tier_budget_cap": "层级预算上限",
    "loss_cap": "预期损失上限", "tier_loss": "层级损失集中度", "capital_cap": "资本上限",
    "offer_quota": "产品配额", "offer_minimum": "销售目标", "package_choice": "服务包选择",
    "customers of mandatory tiers left without an RM": "必选层级中未分配客户经理的客户",
    "customers given more than one RM": "分配了多名客户经理的客户",
    "RM hours over capacity": "客户经理工时超出容量",
    "customers over RM book sizes": "客户数超出客户经理名单规模",
    "RM hours under the minimum load": "客户经理工时低于最低工作量",
    "more reassignments than allowed": "重新分配次数超出允许范围",
    "offers above per-customer limits": "推荐次数超出单客户上限",
    "contacts over channel capacity": "接触次数超出渠道容量",
    "budget exceeded": "超出预算", "budget floor": "预算下限", "budget cap": "预算上限",
    "loss cap exceeded": "超出预期损失上限",
    "tier loss concentration exceeded": "超出层级损失集中度",
    "capital cap exceeded": "超出资本上限", "offers over quota": "推荐量超出配额",
    "tier_budget": "层级预算",
    "customers of mandatory tiers with an RM": "必选层级中有客户经理的客户",
    "customers moved from their incumbent RM": "更换了原客户经理的客户",
    "offers above the per-customer limit": "超出单客户上限的推荐",
    "RM offers to customers without an RM": "向无客户经理的客户做的客户经理渠道推荐",
    "sales target": "销售目标", "tiers without exactly one package": "未恰好选择一个服务包的层级",
    # the campaign calendar's families (allocator.campaigns)
    "calendar_contact": "窗口内接触频次", "calendar_conflict": "接触冲突间隔",
    "channel_window_min": "渠道最低接触量", "channel_window_max": "渠道最高接触量",
    "channel_budget": "渠道预算", "product_sales_min": "产品预期销量下限",
    "product_sales_max": "产品预期销量上限",
    "contacts above a customer's window limit": "客户在时间窗口内的接触次数超出上限",
    "contacts within a conflict lag": "冲突间隔内的接触", "channel minimum": "渠道最低接触量",
    "contacts over a channel maximum": "接触次数超出渠道上限",
    "channel budget exceeded": "超出渠道预算", "expected sales target": "预期销量目标",
    "expected sales over the maximum": "预期销量超出上限",
    "conflicting contacts": "相互冲突的接触",
    "mail": "直邮",
    # why a compared customer changed (allocator.forced_changes)
    "forced": "被迫变更", "free": "非必要变更",
    # the summary sheet's RM cost (allocator.headcount)
    "RM cost": "客户经理成本", "value net of RM cost": "扣除客户经理成本后的价值",
    # the family of a run folder's own files, as verify names it (allocator.folder_check)
    "files": "文件",
}
TERMS_ZH.update(PAPER_TERMS_ZH)
TERMS_ZH.update(CALENDAR_TERMS_ZH)
COLUMNS_ZH.update(PAPER_COLUMNS_ZH)
COLUMNS_ZH.update(CALENDAR_COLUMNS_ZH)


def _counted(column: pd.Series) -> bool:
    """A column of numbers (a count of offers, not their ids): never a term."""
    return bool(pd.api.types.is_numeric_dtype(column)
                and not pd.api.types.is_bool_dtype(column))


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
        english, chinese = MESSAGES[message]
        return (chinese if self.language == "zh" else english).format(**fields)

    def sep(self, kind: str) -> str:
        """A separator of SEPARATORS: "list", "clause", "colon", or "open" and "close" (an
        aside's brackets)."""
        english, chinese = SEPARATORS[kind]
        return chinese if self.language == "zh" else english

    def column(self, name: object) -> str:
        text = str(name)
        if text in self.labels:  # a tier's column of the migration matrix
            return self.labels[text]
        if self.language != "zh":
            return COLUMNS_EN.get(text) or key_name_en(text, self.term) or humanized(text)
        named = key_name_zh(text, self.term) if "." in text else None
        if named is not None:  # a swept scenario key
            return named
        for suffix, said in CHANGE_SUFFIXES.items():
            base = text.removesuffix(suffix)
            if text not in COLUMNS_ZH and base != text and base in COLUMNS_ZH:
                return f"{COLUMNS_ZH[base]}{said}"
        return COLUMNS_ZH.get(text, text)

    def term(self, value: object) -> str:
        """An engine term or an id as the reader calls it: its label, its translation, or
        itself; a compound label (grade / region) part by part."""
        text = str(value)
        if text in self.labels:
            return self.labels[text]
        for between in ("; ", " / ", "|"):
            if between in text:
                return between.join(self.term(part) for part in text.split(between))
        limit = LIMIT_LABEL.match(text)
        if limit:  # a constraint and its label: "tier_budget_floor [premier]"
            return f"{self.term(limit['constraint'])} [{self.term(limit['label'])}]"
        return TERMS_ZH.get(text, text) if self.language == "zh" else TERMS_EN.get(
            text, humanized(text))

    def headers(self, frame: pd.DataFrame) -> list[str]:
        return [self.column(name) for name in frame.columns]

    def localized(self, frame: pd.DataFrame, terms: tuple[str, ...] = ()) -> pd.DataFrame:
        """The frame with translated headers, and translated terms in the named columns."""
        out = frame.copy()
        for name in terms:
            if name in out.columns and not _counted(out[name]):
                shown = {value: self._term_of(value) for value in out[name].dropna().unique()}
                out[name] = out[name].map(shown)  # each distinct value looked up once
        for column in ("step_packages", "cut_packages"):  # "premier: basic -> enhanced; ..."
            if column in out.columns:
                out[column] = out[column].map(self._package_steps)
        if "tier_reason" in out.columns:
            reasons = {text: self.reason(text) for text in out["tier_reason"].dropna().unique()}
            out["tier_reason"] = out["tier_reason"].map(reasons)
        return out.set_axis(self.headers(frame), axis=1)

    def _package_steps(self, value: object) -> object:
        """A sensitivity step's package changes ("premier: basic -> enhanced") in words."""
        if not isinstance(value, str) or not value:
            return value
        steps = [re.fullmatch(r"(.+): (.+) -> (.+)", part) for part in value.split("; ")]
        return self.sep("list").join(
            f"{self.term(m[1])}{self.sep('colon')}{self.term(m[2])} → {self.term(m[3])}"
            if m else part for m, part in zip(steps, value.split("; "), strict=True))

    def _term_of(self, value: object) -> object:
        if isinstance(value, bool | np.bool_):
            return self.term("yes" if value else "no")
        blank = value is None or (isinstance(value, float) and np.isnan(value))
        return value if blank else self.term(value)

    def examples(self, ids: Sequence[object], limit: int = 5) -> str:
        """Up to `limit` ids by their names, with a count of the rest."""
        shown = self.sep("clause").join(self.term(i) for i in ids[:limit])
        more = len(ids) - limit
        return shown + (self("and_more", more=more) if more > 0 else "")

    def reason(self, text: object) -> str:
        """Why a customer is in its tier, in this language (the files keep it in English)."""
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

    def shortfall(self, shortfall: Shortfall) -> str:
        """One line of an infeasibility diagnosis."""
        share = "" if shortfall.share is None else self(
            "share_of", share=shortfall.share, limit=number_text(shortfall.limit))
        where = "" if shortfall.where is None else self("where",
                                                        labels=self.examples(shortfall.labels))
        return self("short" if shortfall.is_short else "over",
                    phrase=self.term(PHRASES.get(shortfall.constraint, shortfall.constraint)),
                    where=where, amount=number_text(shortfall.amount), share=share)
