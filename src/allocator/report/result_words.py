"""The words of a run's result lines and of differences within the solver's gap, in English
and Simplified Chinese; part of the report catalogue (allocator.report.language). What the book
cannot give, named before any solve, is in readiness_words.py."""

from __future__ import annotations

RESULT_MESSAGES: dict[str, tuple[str, str]] = {
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
    "kept_soft_kept_exactly": ("a soft limit of the scenario is one the decomposition keeps "
                               "hard for each customer",
                               "情景中有软约束属于分解法对每位客户严格执行的约束"),
    "kept_too_many_schedules": ("the calendar allows a customer more schedules than the "
                                "decomposition can list exactly, so solver.method: auto planned "
                                "it on the exact path alone",
                                "营销日历允许一位客户的排期多于分解法能逐一精确列出的数量，因此 "
                                "solver.method: auto 仅用精确路径制定方案"),
    "decomposition_rm_month_hours": (
        "rm_grades.<grade>.hours_per_month: a book planned in parts holds RM hours per month "
        "only where each RM's customers are in one part, and the customers of RM-month "
        "{month} are in {parts} parts; split the book by region (RMs serve one region), use "
        "execution.book: whole, or remove the hours per month.",
        "rm_grades.<grade>.hours_per_month：分部分规划的客户账簿仅在每位客户经理的客户同属一个"
        "部分时才支持客户经理月度工时上限，而客户经理月份 {month} 的客户分布在 {parts} 个部分中；"
        "请按区域拆分客户账簿（客户经理只服务一个区域）、使用 execution.book: whole，"
        "或删除月度工时上限。"),
    "kept_exact_better": ("both paths ran and the exact path's plan is worth more",
                          "两条路径均已求解，精确路径的方案价值更高"),
    "kept_exact_started": ("the scenario sets solver.method: exact, and its MIP started from "
                           "the plan the decomposition found first",
                           "情景设定 solver.method: exact，其混合整数规划以分解法"
                           "先求得的方案为起点"),
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
    # the base a run keeps the most of among equally good plans (allocator.closeness)
    "base_line": ("Closest plan: among plans worth the same within the gap, the one that "
                  "keeps the most of {base}; of the solve's {changes:,} changes against it, "
                  "{undone:,} were undone",
                  "最接近的方案：在间隙内价值相同的方案中，选取与{base}最接近者；求解结果相对其的 "
                  "{changes:,} 处变动中撤回了 {undone:,} 处"),
    "base_not_begun": ("Closest plan: not sought, the run's time limit was reached first; the "
                       "plan is the solve's, which may change more of {base} than its value "
                       "needs (a longer solver.time_limit leaves time for it)",
                       "最接近的方案：未求取，运行时限已先到；方案即求解结果，相对{base}的变动可能多于"
                       "其价值所需（延长 solver.time_limit 可留出时间）"),
    "base_time_limit": (" (stopped by the run's time limit: which changes are undone then "
                        "depends on the clock)",
                        "（因运行时限而停止：撤回哪些变动取决于时钟）"),
    "base_incumbent_rm": ("today's books (each customer's RM today)",
                          "现有客户经理名单（每位客户当前的客户经理）"),
    "base_reference": ("a reference assignment of {customers:,} customers (the RMs worth most "
                       "by coverage value within RM hours and book sizes, offers and budget "
                       "aside)",
                       "{customers:,} 位客户的参考分配（在客户经理工时与客户数上限内按覆盖价值"
                       "最优分配，不考虑产品推荐与预算）"),
    "base_incumbent_rm+reference": ("today's books, and for {customers:,} customers without an "
                                    "RM today a reference assignment (the RMs worth most by "
                                    "coverage value within RM hours and book sizes, offers "
                                    "and budget aside)",
                                    "现有客户经理名单，以及 {customers:,} 位当前没有客户经理的"
                                    "客户的参考分配（在客户经理工时与客户数上限内按覆盖价值"
                                    "最优分配，不考虑产品推荐与预算）"),
    "base_point": ("the plan of the sweep's point {point}", "情景分析第 {point} 点的方案"),
    "base_previous_point": ("the previous point's plan", "上一情景点的方案"),
    "base_run": ("the plan of the run {folder}", "运行 {folder} 的方案"),
    "base_why_latest_plain_run": (" (the latest run of this scenario and data without "
                                  "overrides, kept by default; --base today keeps today's "
                                  "books)",
                                  "（本情景、本数据最近一次不带调整项的运行，默认保留；"
                                  "--base today 则保留现有客户经理名单）"),
    "base_why_no_plain_run": (" (no run of this scenario and data without overrides to keep "
                              "yet: run it without --set or --use first)",
                              "（尚无本情景、本数据不带调整项的运行可保留：请先不带 --set 或 "
                              "--use 运行一次）"),
    "base_why_plain_run_planned_first": (" (the scenario and data without overrides, "
                                         "planned first as there was no such run yet, with the "
                                         "same data and seed; the next what-if keeps it too; "
                                         "--base today keeps today's books)",
                                         "（本情景、本数据尚无不带调整项的运行，故先以相同数据与"
                                         "随机种子规划一次，后续情景分析亦保留它；--base today "
                                         "则保留现有客户经理名单）"),
    "base_why_plain_run_has_no_plan": (" (the scenario and data without overrides, planned "
                                       "first as there was no such run yet, has no plan: "
                                       "today's books are kept)",
                                       "（本情景、本数据尚无不带调整项的运行；先行规划后无可行"
                                       "方案，故保留现有客户经理名单）"),
    "base_why_plain_run_without_plan": (" (the latest run of this scenario and data without "
                                        "overrides has no plan: today's books are kept)",
                                        "（本情景、本数据最近一次不带调整项的运行没有可行方案，"
                                        "故保留现有客户经理名单）"),
    "plain_run_first": ("No run of this scenario and data without overrides yet: planning it "
                        "first (the scenario files alone, the same data and seed), as the base "
                        "this what-if keeps the most of, written as a run of its own.",
                        "本情景、本数据尚无不带调整项的运行：先按情景文件本身（相同数据与随机"
                        "种子）规划一次，作为本次情景分析尽量保留的基准，并单独保存为一次运行。"),
    "sweep_base_plain_run": ("The point planned first (at the scenario's own values, else the "
                             "middle one) keeps the most of the plan of the run {folder}: the "
                             "latest run of this scenario and data without overrides (--base "
                             "today keeps today's books).",
                             "首个规划的情景点（情景自身取值处，否则为中间点）最多保留运行 "
                             "{folder} 的方案：本情景、本数据最近一次不带调整项的运行"
                             "（--base today 则保留现有客户经理名单）。"),
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
                      "constraints.csv and plan.xlsx add raised and cut columns: the plan "
                      "re-solved with the limit moved by a fifth.",
                      "边际价值：限额每增加一个单位，方案预期价值的变化量；取自固定服务包选择后的"
                      "线性松弛，仅在限额处于适用下限与适用上限之间时成立。紧约束：恰好用满，或"
                      "边际价值不为零；恒等式（每层一个服务包、所有方案必然满足的规则、任何选择都"
                      "达不到的限额）不计为紧约束。"
                      "constraints.csv 与 plan.xlsx 另有上调与下调各列：限额变动五分之一后"
                      "重新求解的结果。"),
    "infeasible_intro": ("No plan meets every constraint. Re-solved with every constraint "
                         "elastic, these are the smallest relaxations that make a plan possible:",
                         "没有满足全部约束的方案。将所有约束设为弹性后重新求解，以下是使方案可行的"
                         "最小放宽："),
    "infeasible_intro_lp": ("No plan meets every constraint: the decomposition's bound fell "
                            "below the lowest value any plan can have. Re-solved as an LP "
                            "(customers may be split) with every constraint elastic, these are "
                            "the least relaxations a plan needs (with whole customers it may "
                            "need more):",
                            "没有满足全部约束的方案：分解法的上界已低于任何方案可能的最低价值。"
                            "将所有约束设为弹性并按线性规划（客户可拆分）重新求解，以下是方案"
                            "至少需要的放宽（客户不可拆分时可能需要更多）："),
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
    "optimal_within": ("optimal within the {target} gap target", "在 {target} 的间隙目标内最优"),
    "run_line": ("{scenario}: {status} ({method}, {solver}, {seconds:.1f} s) — expected value "
                 "{objective}{net}, bound {bound}, gap {gap}",
                 "{scenario}：{status}（{method}，{solver}，{seconds:.1f} 秒）— 预期价值 "
                 "{objective}{net}，上界 {bound}，间隙 {gap}"),
    "run_line_net": (" (value net of RM cost {net}, RM cost {cost})",
                     "（扣除客户经理成本后的价值 {net}，客户经理成本 {cost}）"),
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
    "stale_sweep_kept": ("{folder}: a sweep stopped after finishing {points} of its points "
                         "(process {pid} is gone); complete it by running the same sweep "
                         "with --resume.",
                         "{folder}：进程 {pid} 已结束，其参数扫描已完成 {points} 个点；"
                         "以相同命令加 --resume 运行即可完成。"),
    "sweep_resumed": ("Resuming the interrupted sweep: {reused}; {planned}.",
                      "继续中断的参数扫描：{reused}；{planned}。"),
    "sweep_resumed_none_reused": ("none of its {total} points was finished",
                                  "共 {total} 个点，尚无已完成的点"),
    "sweep_resumed_reused": ("{reused} of its {total} points were finished and are reused",
                             "共 {total} 个点，其中 {reused} 个已完成并沿用"),
    "sweep_resumed_none_planned": ("none is left to plan", "无需再规划其他点"),
    "sweep_resumed_planned": ("{planned} are planned now", "现在规划其余 {planned} 个"),
    "sweep_point_damaged": ("{folder}: point {point} ({values}) of the interrupted sweep was "
                            "damaged or incomplete ({file}), so it was planned again.",
                            "{folder}：中断的参数扫描中第 {point} 个点（{values}）已损坏或不完整"
                            "（{file}），已重新规划。"),
    "sweep_kept_on_error": ("{folder}: the sweep's finished points are kept ({points}); once "
                            "the error is fixed, run the same command with --resume to "
                            "complete it.",
                            "{folder}：本次参数扫描已完成的 {points} 个点已保留；修正错误后，"
                            "以相同命令加 --resume 运行即可完成。"),
    "db_url_unused": ("--db-url: {path} reads no table from a PostgreSQL server, so the "
                      "database address given is not used.",
                      "--db-url：{path} 不从 PostgreSQL 服务器读取任何表，因此给出的数据库地址"
                      "不会被使用。"),
    "registry_failed": ("{registry}: the run registry could not be written ({reason}), so this "
                        "run is not listed yet; its folder {folder} is complete, and the next "
                        "`allocate runs` rebuilds the registry and lists it.",
                        "{registry}：无法写入运行登记表（{reason}），本次运行暂未登记；"
                        "其目录 {folder} 已完整写好，下次运行 `allocate runs` 时会重建登记表并"
                        "登记。"),
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
    "stopped_base_written": ("Stopped by {signal}: the what-if was not written (nothing "
                             "half-written is left); its scenario without overrides, planned "
                             "first as its base, is complete at {folder}, and the what-if keeps "
                             "it when run again (the next `allocate runs` lists it).",
                             "已由 {signal} 停止：假设情景未写入（没有留下未写完的文件）；其不带"
                             "调整项的情景已先行规划作为基准，完整写好于 {folder}，再次运行该"
                             "假设情景时会保留它（下次运行 `allocate runs` 时会列出）。"),
    "stopped_base_no_plan": ("Stopped by {signal}: the what-if was not written (nothing "
                             "half-written is left); its scenario without overrides, planned "
                             "first as its base, has no plan (its run is complete at {folder}), "
                             "so the what-if, run again, starts from today's books (the next "
                             "`allocate runs` lists it).",
                             "已由 {signal} 停止：假设情景未写入（没有留下未写完的文件）；其不带"
                             "调整项的情景已先行规划作为基准，但没有可行方案（其运行目录已完整写好"
                             "于 {folder}），因此再次运行该假设情景时将以当前的客户经理分配为起点"
                             "（下次运行 `allocate runs` 时会列出）。"),
    "stopped_swept": ("Stopped by {signal}: the sweep folder is complete at {folder}; the "
                      "next `allocate runs` lists its points.",
                      "已由 {signal} 停止：参数扫描目录已完整写好，位于 {folder}；"
                      "下次运行 `allocate runs` 时会列出其各点。"),
    "stopped_plain": ("Stopped by {signal}.", "已由 {signal} 停止。"),
    "stopped_sweep": ("Stopped by {signal}: the finished points are kept; complete the sweep by "
                      "running the same command with --resume.",
                      "已由 {signal} 停止：已完成的点已保留；"
                      "以相同命令加 --resume 运行即可完成本次参数扫描。"),
    "stopped_sweep_empty": ("Stopped by {signal} before any point of the sweep had finished: "
                            "nothing was kept; run the sweep again (without --resume).",
                            "已由 {signal} 停止：参数扫描尚无任何点完成，未保留任何内容；"
                            "请重新运行本次参数扫描（不加 --resume）。"),
    "excluded_line": ("{customers:,} {reason} ({effect})", "{customers:,} 位{reason}（{effect}）"),
    # differences within the solver's gap
    "gap_band": ("expected value to best bound (gap)", "预期价值至上界（间隙）"),
    "within_tolerance": ("within tolerance", "在容差内"),
    "within_note": ("A change between neighbouring points no larger than their noise band (both "
                    "points' gaps, bound minus expected value, added) is within tolerance: the "
                    "solver's gap alone could account for it, so it is not a measured effect and "
                    "its marginal value is not shown. Without a bound the change is not "
                    "certified.",
                    "相邻情景点之间的变化若不大于其噪声带（两点的间隙，即上界减预期价值，之和），"
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
                     "of that distance, {band}.", "拐点位于{key}为 {value} 处：距弦线 {distance}，"
                     "超出弦线处噪声带 {band}。"),
    "knee_within": ("No knee claimed: the point farthest above the chord ({key} = {value}, "
                    "{distance} above it) lies within the noise band of that distance, {band}.",
                    "不认定拐点：距弦线最远的点（{key}为 {value}，距离 {distance}）位于弦线处"
                    "噪声带 {band} 之内。"),
    "net_best": ("Value net of RM cost is highest at {key} = {value}: {net} (the upper "
                 "chart; the lower chart is value before RM cost).",
                 "扣除客户经理成本后的价值在{key}为 {value} 时最高：{net}（上图；下图为扣除"
                 "客户经理成本前的价值）。"),
    "net_tied": ("Value net of RM cost is equal within the noise band (the two points' gaps "
                 "added) at {key} = {value} ({net}, the highest) and {others}: no point is "
                 "named best (the upper chart; the lower chart is value before RM cost).",
                 "扣除客户经理成本后的价值在{key}为 {value}（{net}，最高）与 {others}时于噪声带"
                 "（两点间隙之和）内相同：不认定最佳点（上图；下图为扣除客户经理成本前的价值）。"),
    "net_tied_point": ("{value} ({difference} less, noise band {band})",
                       "{value}（低 {difference}，噪声带 {band}）"),
    "net_tied_cheapest": ("Of these, {key} = {value} costs least in RMs: {cost}.",
                          "其中{key}为 {value} 时客户经理成本最低：{cost}。"),
    "knee_straight": ("No knee: no point lies above the chord joining the first and last "
                      "points (returns do not fall).",
                      "无拐点：没有点位于首末两点连线（弦线）上方（收益未递减）。"),
    "knee_uncertified": ("No knee claimed: the point farthest above the chord ({key} = {value}) "
                         "has no certified noise band (a bound is missing).",
                         "不认定拐点：距弦线最远的点（{key}为 {value}）缺少上界，其噪声带未经"
                         "证明。"),
    "base_point_note": ("Point {point} holds the scenario's own values: it is planned first, "
                        "as the scenario alone is, so it is the plan of a plain run of the "
                        "scenario (gap {gap}); where a solve stops on the clock the two may "
                        "differ within the gap.",
                        "情景点 {point} 即情景本身的取值：它最先求解，与单独运行该情景相同，因此"
                        "即单独运行该情景所得的方案（间隙 {gap}）；若求解因时间限制而停止，两者"
                        "可能在间隙内有所不同。"),
    "base_point_note_kept": ("Point {point} holds the scenario's own values: it is planned "
                             "first, keeping the most of {base}, as the scenario alone is, so "
                             "it is the plan of a plain run of the scenario (gap {gap}); where "
                             "a solve stops on the clock the two may differ within the gap.",
                             "情景点 {point} 即情景本身的取值：它最先求解，与单独运行该情景一样"
                             "最多保留{base}，因此即单独运行该情景所得的方案（间隙 {gap}）；若"
                             "求解因时间限制而停止，两者可能在间隙内有所不同。"),
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
}
