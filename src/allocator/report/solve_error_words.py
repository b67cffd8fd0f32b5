"""The messages of errors met while a plan is solved, checked and compared: the solver
backends and their reasons for stopping, the decomposition and a book in parts, added RMs, a
base plan, a plan the checker rejects; in English and Simplified Chinese, part of the error
catalogue (error_words)."""

from __future__ import annotations

SOLVER_STATUSES_ZH: dict[str, str] = {
    # PuLP's statuses (pulp.LpStatus, pulp.LpSolution), as CBC's answers are read into them
    "Not Solved": "未求解", "Optimal": "最优", "Infeasible": "无可行解",
    "Unbounded": "目标函数无界", "Undefined": "状态不明", "No Solution Found": "未找到解",
    "Optimal Solution Found": "找到最优解", "Solution Found": "找到可行解",
    "No Solution Exists": "无解", "Solution is Unbounded": "目标函数无界",
}
"""A solver's status, as PuLP names it -> the same in Chinese."""

ORTOOLS_CODES_ZH: dict[str, str] = {
    # OR-Tools' MPSolver result statuses (pywraplp.Solver.OPTIMAL ... NOT_SOLVED)
    "0": "最优", "1": "可行", "2": "无可行解", "3": "目标函数无界", "4": "求解异常终止",
    "5": "模型无效", "6": "未求解",
}
"""An OR-Tools result code -> what it means, in Chinese."""


SOLVE_ERROR_MESSAGES: dict[str, tuple[str, str]] = {
    # solver backends (allocator.backends)
    "backend_not_installed": ("solver.backend: '{name}' is not installed or not licensed here; "
                              "choose another backend (highs is always installed).",
                              "solver.backend：“{name}”未安装或在本机未获授权；请改用其他后端"
                              "（highs 总是已安装）。"),
    "backend_unknown": ("unknown backend '{name}'.{hint} Use one of {names}, or pulp:NAME for a "
                        "solver PuLP knows.",
                        "未知的后端“{name}”。{hint_zh}请使用 {names} 之一，或用“pulp:名称”指定 "
                        "PuLP 支持的求解器。"),
    "backend_refused": ("solver.backend: {reason}", "solver.backend 的取值有误：{reason_zh}"),
    "backend_whole_numbers_only": ("solver.backend: {name} takes whole-number decisions only, "
                                   "and this problem has soft constraints (continuous slacks); "
                                   "use highs.",
                                   "solver.backend：{name} 只接受整数决策，而此问题含软约束"
                                   "（连续松弛变量）；请改用 highs。"),
    "pulp_cannot_start": ("solver.backend: PuLP cannot start '{solver}' ({reason}).",
                          "solver.backend：PuLP 无法启动“{solver}”。"),
    # a solver's reason for ending without a proven plan (SolveResult.message)
    "reason_time_limit": ("time limit reached", "已到时间限制"),
    "reason_no_plan_in_time": ("time limit reached before any plan was found",
                               "到时间限制时仍未找到任何方案"),
    "reason_stopped_in_time": ("stopped at the time limit before any plan was found",
                               "到时间限制时停止，仍未找到任何方案"),
    "reason_within_bound": ("within the gap target of the bound given",
                            "已在给定上界的目标间隙之内"),
    "reason_unbounded": ("the objective is unbounded", "目标函数无界"),
    "reason_failed": ("the solver failed ({reason})", "求解器运行失败"),
    "reason_no_plan": ("no plan found ({status})", "未找到方案（求解器状态：{status_zh}）"),
    "reason_code": ("solver returned code {code}", "求解器返回代码 {code}（{code_zh}）"),
    "reason_process_ended": ("the solver's process ended without an answer (exit code {code})",
                             "求解器进程未给出结果即已结束（退出码 {code}）"),
    "reason_solver_says": ("{reason}", "求解器给出了本系统无法翻译的原因"),
    "reason_untranslated": ("{reason}", "本系统无法翻译"),
    # the independent checker (allocator.outcome, allocator.decomposition.parts.run)
    "plan_rejected": ("the {solver} plan fails the independent check; nothing was "
                      "written:\n{lines}",
                      "{solver} 给出的方案未通过独立校验，未写入任何文件：\n{lines}"),
    "violation_line": ("{constraint} [{label}] violated: by {amount}",
                       "{constraint}（{label}）未满足，偏差 {amount}"),
    "parts_plan_rejected": ("{scenario}: the independent checker rejects the plan made in "
                            "parts: {lines}",
                            "{scenario}：独立校验器拒绝了分块求得的方案：{lines}"),
    # the decomposition (allocator.decomposition)
    "soft_kept_exact": ("objective.soft: the decomposition keeps {families} exact per customer "
                        "and cannot make them soft; use solver.method: exact.",
                        "objective.soft：分解法对每位客户严格满足 {families}，无法将其设为软约束；"
                        "请使用 solver.method: exact。"),
    "too_many_schedules": ("calendar: a customer may get {activities} activities that the "
                           "contact rules and conflicts join, with more than {most} schedules "
                           "allowed: too many for the decomposition to list exactly. Use "
                           "solver.method: exact, or contact rules with shorter windows.",
                           "calendar：一位客户可获得 {activities} 项由接触规则与冲突规则相互关联的"
                           "活动，允许的排期超过 {most} 种，分解法无法逐一精确列出。请使用 "
                           "solver.method: exact，或缩短接触规则的时间窗口。"),
    # a book in parts (allocator.decomposition.parts)
    "parts_no_models": ("models: a book in parts cannot fit models on the whole book; run "
                        "`allocate fit` first and plan from the scored book it writes.",
                        "models：分块处理的客户账簿无法在整个账簿上拟合模型；请先运行 "
                        "`allocate fit`，再用它写出的已评分账簿制定方案。"),
    "parts_repeated_ids": ("data.customers: customer_id repeats across the table's files: "
                           "{repeats}. Each id must appear once; merge or remove the duplicates.",
                           "data.customers：customer_id 在表的多个文件中重复：{repeats_zh}。"
                           "每个编号只能出现一次；请合并或删除重复项。"),
    "parts_repeated_id": ("{customer} (in {files})", "{customer}（位于 {files_zh}）"),
    "parts_need_decomposition": ("execution.book: parts plans with the decomposition; set "
                                 "solver.method: decomposition (or auto), or execution.book: "
                                 "whole.",
                                 "execution.book：分块处理只能用分解法制定方案；请设置 "
                                 "solver.method: decomposition（或 auto），或 execution.book: "
                                 "whole。"),
    # RMs added by the scenario (allocator.headcount)
    "add_rms_ids_taken": ("rules.add_rms: the RM table already has ids that added RMs take: "
                          "{ids}; rename those RMs in the table.",
                          "rules.add_rms：客户经理表中已有新增客户经理要使用的编号 {ids}；"
                          "请在表中为这些客户经理改名。"),
    "add_rms_no_regions": ("rules.add_rms.{grade}: the book has no RM of grade '{grade}', so it "
                           "has no regions to spread {count} over; give them as "
                           "rules.add_rms.{grade}.<region>: count.",
                           "rules.add_rms.{grade}：客户账簿中没有职级为“{grade}”的客户经理，"
                           "因此无法把 {count} 位分配到各区域；请写成 "
                           "rules.add_rms.{grade}.<区域>: 人数。"),
    # a base plan (allocator.closeness, allocator.forced_changes)
    "base_not_a_run": ("--base {folder}: not a run folder with a plan (no {file}); give a "
                       "folder written by `allocate SCENARIO`.",
                       "--base {folder}：不是含方案的运行结果目录（没有 {file}）；请给出由 "
                       "`allocate 情景文件` 写出的目录。"),
    "base_folder_changed": ("--base {folder}: {file} {detail}; a changed run is no base "
                            "(run `allocate verify {folder}`).",
                            "--base {folder}：{file} 与运行写出时不同；已更改的运行结果不能作为"
                            "基准（请运行 `allocate verify {folder}`）。"),
    "default_base_changed": ("{folder}: {file} {detail}; this what-if keeps by default the "
                             "plan of that run, the latest of this scenario and data without "
                             "overrides, but a changed run is no base: run the scenario "
                             "without --set or --use again, or give --base today or another "
                             "run (`allocate verify {folder}` says what changed).",
                             "{folder}：{file} 与运行写出时不同；本假设情景默认保留该运行"
                             "（本情景、本数据最近一次不带调整项的运行）的方案，但已更改的运行"
                             "结果不能作为基准：请先不带 --set 或 --use 重新运行该情景，或用 "
                             "--base today 或其他运行结果（`allocate verify {folder}` 会指出"
                             "更改之处）。"),
    "base_other_book": ("--base {source}: none of its {customers} customers is in this book; "
                        "give a run of the same customers (e.g. the scenario this what-if "
                        "extends).",
                        "--base {source}：其 {customers} 位客户无一在本客户账簿中；请给出同一批"
                        "客户的运行结果（例如本假设情景所扩展的情景）。"),
    "compare_same_run": ("compare: {folder} is given as both runs; give two runs to compare "
                         "(`allocate runs` lists them).",
                         "compare：{folder} 同时作为两次运行给出；请给出两次不同的运行进行比较"
                         "（`allocate runs` 可列出运行）。"),
    "comparison_not_written": ("{where}: cannot write the comparison ({reason}); {advice}",
                               "{where}：无法写出比较结果（{reason_zh}）；{advice_zh}"),
    "compare_advice_permission": ("give a folder you can write with --out, and run again.",
                                  "请用 --out 给出有写入权限的目录，然后重新运行。"),
    "compare_advice_other": ("check the folder (--out) and run again.",
                             "请检查目录（--out），然后重新运行。"),
    "compare_folder_changed": ("compare: {folder}: {file} {detail}; a changed run is not "
                               "compared (run `allocate verify {folder}`).",
                               "compare：{folder}：{file} 与运行写出时不同；已更改的运行结果不作"
                               "比较（请运行 `allocate verify {folder}`）。"),
    "rebuilt_worth_differs": ("compare: a run's plan rebuilt from its inputs is worth {worth}, "
                              "not the {claimed} it claims; cannot tell forced changes from "
                              "free ones (are both run folders complete and unchanged?).",
                              "compare：按输入重建的运行方案价值为 {worth}，而非其所称的 "
                              "{claimed}；无法区分被迫的变动与自由的变动（两个运行结果目录是否"
                              "都完整且未被修改？）。"),
}
"""Message key -> (English, Chinese)."""

HIGHS_STATUS_WORDS: dict[str, tuple[str, str]] = {
    "kNotset": ("Not Set", "HiGHS 未给出状态"),
    "kLoadError": ("Load error", "HiGHS 载入模型时出错"),
    "kModelError": ("Model error", "HiGHS 认为模型有误"),
    "kPresolveError": ("Presolve error", "HiGHS 预处理时出错"),
    "kSolveError": ("Solve error", "HiGHS 求解时出错"),
    "kPostsolveError": ("Postsolve error", "HiGHS 后处理时出错"),
    "kModelEmpty": ("Empty", "模型为空"),
    "kOptimal": ("Optimal", "已证明最优"),
    "kInfeasible": ("Infeasible", "无可行解"),
    "kUnboundedOrInfeasible": ("Primal infeasible or unbounded", "无可行解或目标无界"),
    "kUnbounded": ("Unbounded", "目标函数无界"),
    "kObjectiveBound": ("Bound on objective reached", "已达到目标值的界"),
    "kObjectiveTarget": ("Target for objective reached", "已达到目标值"),
    "kTimeLimit": ("Time limit reached", "已到时间限制"),
    "kIterationLimit": ("Iteration limit reached", "已到迭代次数限制"),
    "kUnknown": ("Unknown", "HiGHS 无法判定状态"),
    "kSolutionLimit": ("Solution limit reached", "已到解的个数限制"),
    "kInterrupt": ("Interrupted by user", "被用户中断"),
    "kMemoryLimit": ("Memory limit reached", "已到内存限制"),
    "kHighsInterrupt": ("Interrupted by HiGHS", "被 HiGHS 自身中断"),
}
"""Each HiGHS model status (highspy.HighsModelStatus, by name) -> HiGHS's own words for it
(modelStatusToString), as an English run shows them, and the same in Chinese."""
