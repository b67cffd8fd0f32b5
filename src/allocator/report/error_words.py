"""The messages of errors a user meets, in English and Simplified Chinese.

`AllocatorError.said(key, **fields)` builds an error from one of these; the command line shows
it in the run's language. A field the two languages word differently comes twice: `name` for
English, `name_zh` for Chinese. Kept apart from report/language.py, which imports much of the
engine, so that allocator.errors can read it without a cycle.
"""

from __future__ import annotations

from allocator.report.folder_error_words import FOLDER_ERROR_MESSAGES
from allocator.report.input_error_words import INPUT_ERROR_MESSAGES
from allocator.report.label_error_words import LABEL_ERROR_MESSAGES
from allocator.report.scenario_error_words import SCENARIO_ERROR_MESSAGES
from allocator.report.solve_error_words import SOLVE_ERROR_MESSAGES
from allocator.report.source_error_words import SOURCE_ERROR_MESSAGES
from allocator.report.tool_error_words import TOOL_ERROR_MESSAGES
from allocator.report.verify_error_words import VERIFY_ERROR_MESSAGES

ERROR_MESSAGES: dict[str, tuple[str, str]] = {
    "error_prefix": ("error: ", "错误："),
    # a list a message cuts to its first items (allocator.errors.and_more)
    "listed_more": (" (and {more} more)", "（另有 {more} 个）"),
    # files the system refuses (allocator.errors.io_error)
    "io_file": ("{path}: cannot {doing} it ({reason}); {remedy}",
                "{path}：无法{doing_zh}（{reason_zh}）；{remedy_zh}"),
    "io_no_file": ("cannot {doing} a file ({reason}); {remedy}",
                   "无法{doing_zh}文件（{reason_zh}）；{remedy_zh}"),
    "io_doing_use": ("use", "使用"),
    "io_doing_read": ("read", "读取"),
    "io_doing_write": ("write", "写入"),
    "io_remedy_path": ("check the path (relative paths are taken from the scenario file's "
                       "folder).", "请检查路径（相对路径以情景文件所在目录为起点）。"),
    "io_remedy_permissions": ("check the permissions, or choose a folder you may write to.",
                              "请检查权限，或改用有写入权限的目录。"),
    "io_remedy_file_in_way": ("a file is in the way of a folder; choose another path or move "
                              "the file.",
                              "该位置已有同名文件，无法建立目录；请换一个路径或移走该文件。"),
    "io_remedy_folder_in_way": ("a folder is where a file was expected; give a file's path.",
                                "此处应为文件，却是一个目录；请给出文件路径。"),
    "io_remedy_any": ("check the path, the free space and the permissions, then run again.",
                      "请检查路径、剩余空间与权限，然后重新运行。"),
    "no_table_file": ("{label}: no such file; check the path in the scenario (relative paths "
                      "are taken from the scenario file's folder).",
                      "{label}：文件不存在；请检查情景中的路径（相对路径以情景文件所在目录为起点）。"),
    "not_regular_table_file": ("{label}: not a regular file (a pipe or a device); give the "
                               "path of a data file.",
                               "{label}：不是普通文件（而是管道或设备）；请给出数据文件的路径。"),
    "table_unreadable": ("{label}: cannot read it ({reason}); check the path and its "
                         "permissions.", "{label}：无法读取（{reason_zh}）；请检查路径及其权限。"),
    "unknown_file_type": ("{label}: unknown file type '{suffix}'; use .csv, .parquet, .xlsx, or "
                          "a DuckDB database or PostgreSQL url with a query.",
                          "{label}：未知的文件类型“{suffix}”；请使用 .csv、.parquet、.xlsx，或 "
                          "DuckDB 数据库、PostgreSQL 连接串加查询语句。"),
    "no_parquet_files": ("{label}: the folder holds no Parquet files (*.parquet); a folder is "
                         "read as a partitioned Parquet dataset.",
                         "{label}：该目录中没有 Parquet 文件（*.parquet）；目录按分区的 Parquet "
                         "数据集读取。"),
    "tiering_columns": ("{label}: tiering needs columns the table lacks: {columns}; add them "
                        "or change tiering in the scenario.",
                        "{label}：分层需要字段 {columns}，表中没有；请补上这些字段，或修改情景中的 "
                        "tiering。"),
    "rfm_columns": ("{label}: rfm tiering needs recency_days and frequency_12m for every "
                    "customer; {rows} rows have none.",
                    "{label}：RFM 分层要求每位客户都有 recency_days 与 frequency_12m；有 {rows} "
                    "行缺少。"),
    "no_customer_column": ("{label}: {keys}: no such customer column. Add the column to the "
                           "table, map it under data.customers.columns, predict it with a model "
                           "of that name, or remove the key.",
                           "{label}：{keys}：客户表中没有该字段。请在表中加入该字段、在 "
                           "data.customers.columns 下映射、用同名模型预测，或删除该键。"),
    # the data's problems (allocator.book.validation)
    "data_problems": ("{label}: problems in the data: {count}",
                      "{label}：数据中有 {count} 处问题："),
    "data_problem": ("column {named}: {what} (ids: {ids}); {fix}",
                     "字段 {named_zh}：{what_zh}（编号：{ids}）；{fix_zh}"),
    "data_blank_id": ("(blank: row {row} of the data)", "（空白：数据第 {row} 行）"),
    "data_repeated_rows": ("{id} in rows {rows} of the data", "{id}（数据第 {rows} 行）"),
    "data_repeated_rows_more": ("{id} in rows {rows} and {more} more of the data",
                                "{id}（数据第 {rows} 行等 {count} 行）"),
    # the same, of a CSV file's lines and of a sheet's rows (allocator.book.row_places)
    "data_blank_id_line": ("(blank: line {row} of the file)", "（空白：文件第 {row} 行）"),
    "data_repeated_rows_line": ("{id} on lines {rows} of the file", "{id}（文件第 {rows} 行）"),
    "data_repeated_rows_more_line": ("{id} on lines {rows} and {more} more of the file",
                                     "{id}（文件第 {rows} 行等 {count} 行）"),
    "data_blank_id_sheet": ("(blank: row {row} of the sheet)", "（空白：工作表第 {row} 行）"),
    "data_repeated_rows_sheet": ("{id} in rows {rows} of the sheet",
                                 "{id}（工作表第 {rows} 行）"),
    "data_repeated_rows_more_sheet": ("{id} in rows {rows} and {more} more of the sheet",
                                      "{id}（工作表第 {rows} 行等 {count} 行）"),
    "data_source_column": ("'{column}' (source column '{source}')",
                           "'{column}'（源字段 '{source}'）"),
    "data_huge": ("{rows} rows are infinite or beyond ±{largest} (e.g. {examples})",
                  "{rows} 行为无穷大或超出 ±{largest}（例如 {examples}）"),
    "data_huge_fix": ("give finite numbers from {least} to {largest}.",
                      "请给出 {least} 至 {largest} 之间的有限数字。"),
    "data_not_numbers": ("{rows} rows are not numbers (e.g. {examples})",
                         "{rows} 行不是数字（例如 {examples}）"),
    "data_not_numbers_fix": ("write plain numbers without thousands separators or currency "
                             "signs.", "请写不带千位分隔符或货币符号的普通数字。"),
    "data_decimal_commas": ("{rows} rows are not numbers (e.g. {examples}): written with a "
                            "decimal comma",
                            "{rows} 行不是数字（例如 {examples}）：使用了小数逗号"),
    "data_decimal_commas_fix": ("where a CSV file writes every decimal with a comma, say so "
                                "beside its path in the scenario (decimal: \",\"); else write "
                                "the decimal mark as a point (12,44 as 12.44), and no "
                                "thousands separators: a comma removed would make 12,44 read "
                                "as 1244.",
                                "若 CSV 文件中的小数均以逗号书写，请在情景中该文件路径旁注明"
                                "（decimal: \",\"）；否则请以小数点作小数标记（12,44 写作 "
                                "12.44），且不用千位分隔符：若只删去逗号，12,44 会读作 1244。"),
    "data_spaced_thousands": ("{rows} rows are not numbers (e.g. {examples}): written with "
                              "spaces between thousands, which are not read",
                              "{rows} 行不是数字（例如 {examples}）：千位之间有空格，无法读取"),
    "data_spaced_thousands_fix": ("write the numbers without spaces (1 234,56 as 1234,56); "
                                  "where the file writes every decimal with a comma, say so "
                                  "beside its path in the scenario (decimal: \",\").",
                                  "请去掉数字中的空格（1 234,56 写作 1234,56）；若文件中的小数"
                                  "均以逗号书写，请在情景中该文件路径旁注明（decimal: \",\"）。"),
    "data_not_flags": ("{rows} rows are not yes/no values", "{rows} 行不是“是/否”取值"),
    "data_not_flags_fix": ("use true/false, yes/no or 1/0.", "请使用 true/false、yes/no 或 1/0。"),
    "data_no_value": ("{rows} rows have no value", "{rows} 行没有取值"),
    "data_no_value_fix": ("fill it in, or remove those rows.", "请填写，或删除这些行。"),
    "data_repeated_id": ("{rows} rows repeat an id", "{rows} 行编号重复"),
    "data_repeated_id_fix": ("each id must appear once; merge or remove the duplicates.",
                             "每个编号只能出现一次；请合并或删除重复行。"),
    "data_control_characters": ("{rows} rows hold control characters",
                                "{rows} 行含有控制字符"),
    "data_control_characters_fix": ("remove them from the source (they cannot be shown or "
                                    "written).", "请从源数据中删除（这些字符无法显示或写出）。"),
    "data_outside": ("{rows} rows are outside {low}..{high}",
                     "{rows} 行超出 {low}..{high} 的范围"),
    "data_outside_fix": ("{meaning} lies from {low} to {high}: correct the source (a value in "
                         "another unit, or another column mapped here?).",
                         "{meaning}应在 {low} 至 {high} 之间：请更正源数据（是否用了其他单位，"
                         "或映射了别的字段？）。"),
    "data_outside_whole": ("{rows} rows are not whole numbers from {low} to {high}",
                           "{rows} 行不是 {low} 至 {high} 之间的整数"),
    "data_outside_whole_fix": ("{meaning} is a whole number from {low} to {high}: correct the "
                               "source.",
                               "{meaning}应为 {low} 至 {high} 之间的整数：请更正源数据。"),
    # what a number column holds, by its range (allocator.book.ranges)
    "range_amount": ("an amount of one customer or RM in the book's currency",
                     "单个客户或客户经理以账簿币种计的金额"),
    "range_signed_amount": ("an amount of one customer in the book's currency",
                            "单个客户以账簿币种计的金额"),
    "range_probability": ("a probability", "概率"),
    "range_yearly_hours": ("hours in a year (of one person's work)", "一年的工时（一人）"),
    "range_monthly_hours": ("hours in a month (of one person's work)", "一个月的工时（一人）"),
    "range_products": ("a count of products held", "持有产品数"),
    "range_years": ("a number of years", "年数"),
    "range_days": ("a number of days", "天数"),
    "range_transactions": ("a count of transactions in 12 months", "12 个月内的交易次数"),
    "range_age": ("an age in years", "以年计的年龄"),
    "range_risk_level": ("a risk level", "风险等级"),
    "range_book": ("an RM's count of customers", "客户经理的客户数"),
    "data_negative": ("{rows} rows are negative", "{rows} 行为负数"),
    "data_negative_fix": ("{meaning} cannot be negative; correct the source.",
                          "{meaning}不能为负数；请更正源数据。"),
    "data_negative_hours": ("{rows} rows are negative", "{rows} 行为负数"),
    "data_negative_hours_fix": ("workload hours must be zero or more.", "工时须为零或正数。"),
    "data_unknown_customer": ("{rows} rows name an unknown customer",
                              "{rows} 行所列客户不存在"),
    "data_unknown_customer_fix": ("remove them or fix the ids.", "请删除这些行或更正编号。"),
    "data_unknown_rm": ("{rows} rows name an unknown RM", "{rows} 行所列客户经理不存在"),
    "data_unknown_rm_fix": ("remove them or fix the ids.", "请删除这些行或更正编号。"),
    "data_repeated_pair": ("{rows} rows repeat a customer-RM pair",
                           "{rows} 行客户-客户经理组合重复"),
    "data_repeated_pair_fix": ("give each pair once.", "每个组合只给出一次。"),
    # sweeps (allocator.sweeps)
    "vary_form": ("--vary {text}: write key=start:stop:step or key=v1,v2,... (e.g. "
                  "budget.total=6e6:12e6:1e6).",
                  "--vary {text}：请写成“键=起点:终点:步长”或“键=值1,值2,...”（例如 "
                  "budget.total=6e6:12e6:1e6）。"),
    "vary_range": ("--vary {text}: needs finite numbers, start <= stop and a positive step.",
                   "--vary {text}：需要有限的数字，起点不大于终点，步长为正。"),
    "vary_too_many": ("--vary {text}: makes {count} points, more than {most}; take a larger "
                      "step.", "--vary {text}：共 {count} 个情景点，超过 {most}；请加大步长。"),
    "vary_no_values": ("--vary {text}: no values.", "--vary {text}：没有取值。"),
    "vary_blank_value": ("--vary {text}: value {position} is empty or blank (an unset "
                         "variable?); list each value, e.g. budget.total=40k,45k,50k.",
                         "--vary {text}：第 {position} 个取值为空或空白（是否引用了未设置的变量？）"
                         "；请逐一列出取值，例如 budget.total=40k,45k,50k。"),
    "vary_names_only": ("--vary {key}: '{section}' names, describes or reports a run and "
                        "changes no plan, so every point would be the same plan; vary a "
                        "limit, a rule or a setting of the plan (budget.total=..., "
                        "solver.gap=...).",
                        "--vary {key}：“{section}”只用于命名、描述或输出运行结果，不改变"
                        "方案，各点将是同一方案；请改变某项限额、规则或方案设定（如 "
                        "budget.total=...、solver.gap=...）。"),
    "vary_same_value": ("--vary {text}: {value} and {again} are the same value; list each "
                        "value once.",
                        "--vary {text}：{value} 与 {again} 是同一个取值；每个取值只列一次。"),
    "vary_repeated": ("--vary {text}: {value} is listed more than once; list each value once.",
                      "--vary {text}：{value} 出现了不止一次；每个取值只列一次。"),
    "vary_numbers": ("--vary {text}: {key} takes values written as a list (v1,v2,... or "
                     "v1;v2;... when a value is written 45,000) or as start:stop:step (40k:60k:5k, "
                     "-10%:10%:5%), each {forms}.",
                     "--vary {text}：{key} 的取值应写成列表（值1,值2,...；取值带千位分隔符如 "
                     "45,000 时写成“值1;值2;...”）或“起点:终点:步长”（40k:60k:5k、-10%:10%:5%），"
                     "每个值为数字（45000、45k、1.2m、2bn、4.5e4）或相对情景取值的变动（-10%、"
                     "+5%）。"),
    "vary_none": ("sweep: give at least one --vary key=values.",
                  "情景分析：请至少给出一个 --vary 键=取值。"),
    "vary_twice": ("sweep: a key is varied twice ({keys}); vary each once.",
                   "情景分析：同一个键变动了两次（{keys}）；每个键只变动一次。"),
    "vary_and_set": ("sweep: --set {given} and --vary {key} both give {key}; a --set wins over "
                     "every point, so each point would plan the same value. Drop the --set to "
                     "sweep {key}, or drop the --vary to keep it fixed.",
                     "情景分析：--set {given} 与 --vary {key} 都给出了 {key}；--set 会覆盖每个"
                     "点的取值，各点将以同一取值规划。若要扫描 {key}，请去掉该 --set；若要固定"
                     "其取值，请去掉该 --vary。"),
    "vary_and_use": ("sweep: --use {name} sets {key} ({value}) and --vary {key} varies it; each "
                     "point's value would replace the override's, so the override's {key} "
                     "would never be planned. Drop --use {name} to sweep {key} (give its other "
                     "changes with --set), or drop the --vary to plan the override.",
                     "情景分析：--use {name} 设定了 {key}（{value}），而 --vary {key} 又变动该键；"
                     "每个点的取值会取代调整项的取值，调整项对 {key} 的设定将不被规划。若要扫描 "
                     "{key}，请去掉 --use {name}（其他改动可用 --set 给出）；若要规划该调整项，"
                     "请去掉该 --vary。"),
    "vary_zip": ("sweep --zip: every --vary needs the same number of values ({counts}).",
                 "情景分析 --zip：每个 --vary 的取值个数须相同（{counts}）。"),
    # solving (allocator.optimize, allocator.exact_path)
    "exact_no_time": ("{scenario}: reading the book and building the model took all of "
                      "solver.time_limit ({limit} s), so the exact path had no time to solve it; "
                      "raise solver.time_limit, or use solver.method: auto or decomposition.",
                      "{scenario}：读取客户账簿与构建模型已用尽 solver.time_limit（{limit} 秒），"
                      "精确路径没有时间求解；请提高 solver.time_limit，或改用 solver.method: auto "
                      "或 decomposition。"),
    "backend_failed": ("{scenario}: {backend} failed on this problem ({why}); choose another "
                       "solver.backend (e.g. {other}).",
                       "{scenario}：{backend} 求解此问题失败（{why_zh}）；请改用其他 "
                       "solver.backend（例如 {other}）。"),
    "backend_no_plan": ("{scenario}: {backend} found no plan ({why}); raise solver.time_limit, "
                        "or loosen the constraints.",
                        "{scenario}：{backend} 未找到方案（{why_zh}）；请提高 solver.time_limit，"
                        "或放宽约束。"),
    # run folders (allocator.run_folder, allocator.explain, allocator.compare)
    "not_a_run": ("{folder}: no {file}; is this a run folder?",
                  "{folder}：没有 {file}；这是运行结果目录吗？"),
    "sweep_not_a_run": ("{given}: a sweep's folder, not a run folder; each point of the sweep "
                        "is a run folder of its own, point-NNN/<run> in it (such as "
                        "{example}): give one of those.",
                        "{given}：这是情景分析的目录，不是运行结果目录；情景分析的每个情景点各有"
                        "其运行结果目录，即其中的 point-NNN/<运行>（如 {example}）：请给出其中"
                        "之一。"),
    "not_a_run_manifest": ("{path}: not the manifest of an allocator run, so {folder} is not "
                           "an allocator run folder; give a folder written by `allocate run`.",
                           "{path}：不是运行结果的清单文件，因此 {folder} 不是运行结果目录；请给出 "
                           "`allocate run` 写出的目录。"),
    "manifest_entry_damaged": ("{path}: its '{key}' entry is {found}, where the run writes "
                               "{wanted}; the manifest is damaged or was edited, so the run "
                               "cannot be read. Plan the scenario again, or restore the folder "
                               "from a copy.",
                               "{path}：其中 {key} 一项为{found_zh}，而运行写入的是{wanted_zh}；"
                               "清单文件已损坏或被改动，无法读取此次运行。请重新规划该情景，或从"
                               "副本恢复该目录。"),
    "run_lacks_column": ("{folder}: a table of the run folder lacks the column {column}; the "
                         "run folder is damaged.",
                         "{folder}：运行结果目录中的某张表缺少字段 {column}；目录已损坏。"),
    "manifest_scenario_damaged": ("{path}: {key}: {problem}; the manifest is damaged or was "
                                  "edited.",
                                  "{path}：{key}：{problem_zh}；清单文件已损坏或被改动过。"),
    "run_inputs_damaged": ("{folder}: the manifest or offers.json is damaged ({reason}).",
                           "{folder}：清单文件或 offers.json 已损坏（{reason}）。"),
    "no_run_folder": ("{folder}: no such folder; check the path of the run folder.",
                      "{folder}：目录不存在；请检查运行结果目录的路径。"),
    "run_not_folder": ("{folder}: not a folder; give a run folder written by `allocate run`.",
                       "{folder}：不是目录；请给出 `allocate run` 写出的运行结果目录。"),
    "bad_json": ("{path}: not valid JSON ({reason}, line {line}).",
                 "{path}：不是有效的 JSON（{reason_zh}，第 {line} 行）。"),
    "run_file_damaged": ("{path}: cannot be read ({reason}); the run folder is damaged.",
                         "{path}：无法读取（{reason}）；运行结果目录已损坏。"),
    "json_not_object": ("{path}: expected a JSON object.", "{path}：应为 JSON 对象。"),
    "run_file_missing": ("{folder}: {file} is missing; the run folder is incomplete.",
                         "{folder}：缺少 {file}；运行结果目录不完整。"),
    "no_plan_to_verify": ("{folder}: this run has no plan (status {status}); nothing to "
                          "verify.", "{folder}：此次运行没有方案（状态：{status_zh}），无可校验。"),
    "no_plan_to_explain": ("{folder}: this run has no plan (status {status}); there is no "
                           "customer's plan to explain: its summary.md and diagnosis.csv say "
                           "why it found none.",
                           "{folder}：此次运行没有方案（状态：{status_zh}），无从解释任何客户的方案；"
                           "其 summary.md 与 diagnosis.csv 说明了为何没有找到方案。"),
    "compare_no_shared_customer": (
        "{a} and {b} share no customer ({count_a} customers, such as {example_a}, against "
        "{count_b}, such as {example_b}): every customer would read as changed. Compare two "
        "runs of the same book: a what-if and its base, or two what-ifs.",
        "{a} 与 {b} 没有共同的客户（{count_a} 位客户，如 {example_a}；对 {count_b} 位，如 "
        "{example_b}）：每位客户都会显示为有变化。请比较同一客户群的两次运行：某项假设分析与其"
        "基准，或两项假设分析。"),
    "no_plan_to_compare": ("{folder}: this run has no plan to compare (status {status}).",
                           "{folder}：此次运行没有可比较的方案（状态：{status_zh}）。"),
    "no_customer": ("{folder}: no customer '{customer}' in this run (closed accounts are left "
                    "out of the plan).", "{folder}：此次运行中没有客户“{customer}”（已销户客户"
                    "不纳入方案）。"),
}
"""Message key -> (English, Chinese)."""
ERROR_MESSAGES.update(SCENARIO_ERROR_MESSAGES)
ERROR_MESSAGES.update(SOURCE_ERROR_MESSAGES)
ERROR_MESSAGES.update(TOOL_ERROR_MESSAGES)
ERROR_MESSAGES.update(INPUT_ERROR_MESSAGES)
ERROR_MESSAGES.update(FOLDER_ERROR_MESSAGES)
ERROR_MESSAGES.update(SOLVE_ERROR_MESSAGES)
ERROR_MESSAGES.update(VERIFY_ERROR_MESSAGES)
ERROR_MESSAGES.update(LABEL_ERROR_MESSAGES)

STATUS_ZH: dict[str, str] = {"optimal": "最优", "feasible": "可行", "infeasible": "不可行",
                             "no_solution": "无解", "error": "错误", "None": "未知"}
"""A solver status as an error message names it in Chinese."""


JSON_REASONS_ZH = {
    "Expecting value": "此处应为一个值",
    "Expecting property name enclosed in double quotes": "此处应为双引号括起的键名",
    "Unterminated string starting at": "字符串未结束",
    "Expecting ',' delimiter": "此处应为逗号",
    "Expecting ':' delimiter": "此处应为冒号",
    "Extra data": "数据之后还有多余内容",
    "Invalid control character at": "含有无效的控制字符",
    "Invalid \\escape": "含有无效的转义",
    "Invalid \\uXXXX escape": "含有无效的 \\uXXXX 转义",
    "Unpaired surrogate": "含有不成对的代理字符",
    "Illegal trailing comma before end of object": "对象末尾多了逗号",
    "Illegal trailing comma before end of array": "数组末尾多了逗号",
    "not a file the tool writes (ValueError)": "不是本工具写出的文件（数字位数超出可读范围）",
    "not a file the tool writes (RecursionError)": "不是本工具写出的文件（嵌套层数超出可读范围）",
}
"""The JSON parser's reasons (json.JSONDecodeError.msg) in Chinese; a reason not listed, such
as "NaN is not a JSON number", is shown as the parser gives it."""


def json_reason_zh(reason: str) -> str:
    """A JSON parser's reason in Chinese, where it is one of JSON_REASONS_ZH."""
    if reason.endswith("is not a JSON number"):
        return f"{reason.split()[0]} 不是 JSON 数字"
    return JSON_REASONS_ZH.get(reason, reason)
