"""The messages of errors a user meets, in English and Simplified Chinese.

`AllocatorError.said(key, **fields)` builds an error from one of these; the command line shows
it in the run's language. A field the two languages word differently comes twice: `name` for
English, `name_zh` for Chinese. Kept apart from report/language.py, which imports much of the
engine, so that allocator.errors can read it without a cycle.
"""

from __future__ import annotations

from allocator.report.input_error_words import INPUT_ERROR_MESSAGES
from allocator.report.label_error_words import LABEL_ERROR_MESSAGES
from allocator.report.solve_error_words import SOLVE_ERROR_MESSAGES
from allocator.report.source_error_words import SOURCE_ERROR_MESSAGES
from allocator.report.tool_error_words import TOOL_ERROR_MESSAGES
from allocator.report.verify_error_words import VERIFY_ERROR_MESSAGES

ERROR_MESSAGES: dict[str, tuple[str, str]] = {
    "error_prefix": ("error: ", "错误："),
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
    "tiering_columns": ("{label}: tiering needs column(s) {columns}, which the table lacks; "
                        "add them or change tiering in the scenario.",
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
    "data_problems": ("{label}: {count} problem(s) in the data:",
                      "{label}：数据中有 {count} 处问题："),
    "data_problem": ("column {named}: {count} row{plural} {what} (ids: {ids}); {fix}",
                     "字段 {named_zh}：{count} 行{what_zh}（编号：{ids}）；{fix_zh}"),
    "data_source_column": ("'{column}' (source column '{source}')",
                           "'{column}'（源字段 '{source}'）"),
    "data_huge": ("are infinite or beyond ±{largest} (e.g. {examples})",
                  "为无穷大或超出 ±{largest}（例如 {examples}）"),
    "data_huge_fix": ("give finite numbers from {least} to {largest}.",
                      "请给出 {least} 至 {largest} 之间的有限数字。"),
    "data_not_numbers": ("are not numbers (e.g. {examples})", "不是数字（例如 {examples}）"),
    "data_not_numbers_fix": ("write plain numbers without thousands separators or currency "
                             "signs.", "请写不带千位分隔符或货币符号的普通数字。"),
    "data_not_flags": ("are not yes/no values", "不是“是/否”取值"),
    "data_not_flags_fix": ("use true/false, yes/no or 1/0.", "请使用 true/false、yes/no 或 1/0。"),
    "data_no_value": ("have no value", "没有取值"),
    "data_no_value_fix": ("fill it in, or remove those rows.", "请填写，或删除这些行。"),
    "data_repeated_id": ("repeat an id", "编号重复"),
    "data_repeated_id_fix": ("each id must appear once; merge or remove the duplicates.",
                             "每个编号只能出现一次；请合并或删除重复行。"),
    "data_control_characters": ("hold control characters", "含有控制字符"),
    "data_control_characters_fix": ("remove them from the source (they cannot be shown or "
                                    "written).", "请从源数据中删除（这些字符无法显示或写出）。"),
    "data_outside": ("are outside {low}..{high}", "超出 {low}..{high} 的范围"),
    "data_outside_fix": ("use from {low} to {high}.", "请使用 {low} 至 {high} 之间的值。"),
    "data_outside_whole": ("are outside {low}..{high}", "超出 {low}..{high} 的范围"),
    "data_outside_whole_fix": ("use whole numbers from {low} to {high}.",
                               "请使用 {low} 至 {high} 之间的整数。"),
    "data_negative": ("are negative", "为负数"),
    "data_negative_fix": ("balances and counts must be zero or more; correct the source.",
                          "余额与计数须为零或正数；请更正源数据。"),
    "data_unknown_incumbent": ("name an RM that is not in the RM table",
                               "所列客户经理不在客户经理表中"),
    "data_unknown_incumbent_fix": ("add the RM to the RM table, or clear the incumbent.",
                                   "请将该客户经理加入客户经理表，或清空原客户经理。"),
    "data_negative_hours": ("are negative", "为负数"),
    "data_negative_hours_fix": ("workload hours must be zero or more.", "工时须为零或正数。"),
    "data_unknown_customer": ("name an unknown customer", "所列客户不存在"),
    "data_unknown_customer_fix": ("remove them or fix the ids.", "请删除这些行或更正编号。"),
    "data_unknown_rm": ("name an unknown RM", "所列客户经理不存在"),
    "data_unknown_rm_fix": ("remove them or fix the ids.", "请删除这些行或更正编号。"),
    "data_repeated_pair": ("repeat a customer-RM pair", "客户-客户经理组合重复"),
    "data_repeated_pair_fix": ("give each pair once.", "每个组合只给出一次。"),
    # sweeps (allocator.sweeps)
    "vary_form": ("--vary {text}: write key=start:stop:step or key=v1,v2,... (e.g. "
                  "budget.total=6e6:12e6:1e6).",
                  "--vary {text}：请写成 键=起点:终点:步长 或 键=值1,值2,...（例如 "
                  "budget.total=6e6:12e6:1e6）。"),
    "vary_range": ("--vary {text}: needs finite numbers, start <= stop and a positive step.",
                   "--vary {text}：需要有限的数字，起点不大于终点，步长为正。"),
    "vary_too_many": ("--vary {text}: makes {count} points, more than {most}; take a larger "
                      "step.", "--vary {text}：共 {count} 个情景点，超过 {most}；请加大步长。"),
    "vary_no_values": ("--vary {text}: no values.", "--vary {text}：没有取值。"),
    "vary_numbers": ("--vary {text}: {key} takes values written as a list (v1,v2,... or "
                     "v1;v2;... when a value is written 45,000) or as start:stop:step (40k:60k:5k, "
                     "-10%:10%:5%), each {forms}.",
                     "--vary {text}：{key} 的取值应写成列表（值1,值2,...；取值带千位分隔符如 "
                     "45,000 时写成 值1;值2;...）或 起点:终点:步长（40k:60k:5k、-10%:10%:5%），"
                     "每个值为数字（45000、45k、1.2m、2bn、4.5e4）或相对情景取值的变动（-10%、"
                     "+5%）。"),
    "vary_none": ("sweep: give at least one --vary key=values.",
                  "情景分析：请至少给出一个 --vary 键=取值。"),
    "vary_twice": ("sweep: a key is varied twice ({keys}); vary each once.",
                   "情景分析：同一个键变动了两次（{keys}）；每个键只变动一次。"),
    "vary_zip": ("sweep --zip: every --vary needs the same number of values ({counts}).",
                 "情景分析 --zip：每个 --vary 的取值个数须相同（{counts}）。"),
    # scenario files (allocator.scenario.loading)
    "no_scenario_file": ("{path}: no such scenario file; check the path.",
                         "{path}：情景文件不存在；请检查路径。"),
    "unknown_override": ("{path}: --use {name}: no override of that name under 'overrides'."
                         "{hint} Known: {known}.",
                         "{path}：--use {name}：overrides 中没有名为“{name}”的调整项。{hint_zh}"
                         "已有：{known}。"),
    "rm_count": ("{key} takes a whole number of RMs to add (0 to {most}; or, "
                 "under a grade, a mapping of regions to whole numbers); got {got}.",
                 "{key} 应为增加的客户经理人数，取 0 至 {most} 的整数（或在职级下"
                 "按区域给出整数的映射）；实际为 {got}。"),
    "no_overrides": ("{path}: --use {name}: the scenario declares no named overrides; declare "
                     "one under 'overrides:', e.g. overrides: {{budget_cut: {{budget.total: "
                     "-10%}}}}, or give the change with --set.",
                     "{path}：--use {name}：本情景未声明任何命名调整项；请在“overrides:”下声明，"
                     "例如“overrides: {{削减预算: {{budget.total: -10%}}}}”，或改用 --set 给出"
                     "改动。"),
    "set_form": ("--set {item}: write it as section.key=value, e.g. budget.total=9.5e6.",
                 "--set {item}：请写成 section.key=value 的形式，例如 budget.total=9.5e6。"),
    "same_key_twice": ("{first} and {second} both set {key}; {what} must not give the same "
                       "key twice. Keep one.",
                       "{first} 与 {second} 都设定了 {key}；{what_zh}不能两次给出同一个键，"
                       "请保留其一。"),
    "did_you_mean": (" Did you mean '{match}'?", "您是否想写“{match}”？"),
    "none_known": ("none", "无"),
    "label_ambiguous": ("{key}: '{label}' is the label of more than one of the {kind} "
                        "({ids}); write the id instead.",
                        "{key}：“{label}”是多个{kind_zh}的名称（{ids}）；请改写其编号。"),
    "label_and_id": ("{key}: '{label}' is the label of '{id}', which the same section also "
                     "gives by its id; keep one.",
                     "{key}：“{label}”是“{id}”的名称，而同一节中也按编号给出了“{id}”；"
                     "请保留其一。"),
    "add_rms_no_grade": ("rules.add_rms.{grade}: the book has no RM of grade '{grade}' to take "
                         "hours from (its grades: {known}); set rm_grades.{grade}.hours or add "
                         "to one of those grades, by id or label.",
                         "rules.add_rms.{grade}：客户账簿中没有职级为“{grade}”的客户经理可供参照"
                         "工时（已有职级：{known_zh}）；请设定 rm_grades.{grade}.hours，或按编号或"
                         "名称增加到已有职级。"),
    "add_rms_no_region": ("rules.add_rms.{grade}.{region}: no RM works in region '{region}'; "
                          "the regions are {known} (by id or label).",
                          "rules.add_rms.{grade}.{region}：没有客户经理在区域“{region}”工作；"
                          "已有区域：{known}（可写编号或名称）。"),
    "change_of_nothing": ("{origin}: {key}={change}: the scenario gives {key} {had}, so there "
                          "is nothing to change by a percentage; give {key} as a number (45000, "
                          "45k, 1.2m).", "{origin}：{key}={change}：情景中 {key} {had_zh}，无从按"
                          "百分比变化；请把 {key} 写成数字（45000、45k、1.2m）。"),
    "percent_needs_sign": ("{origin}: {key}={text}: a percentage is a change of the scenario's "
                           "value and needs a sign (-10% or +10%); for {key} give {forms}.",
                           "{origin}：{key}={text}：百分比表示对情景取值的变化，须带正负号"
                           "（-10% 或 +10%）；{key} 请写数字（45000、45k、1.2m、2bn、4.5e4）"
                           "或对情景取值的变化（-10%、+5%）。"),
    # the scenario's errors (allocator.scenario.errors)
    "scenario_errors": ("The scenario has {count} error{plural}:\n{body}",
                        "情景有 {count} 处错误：\n{body}"),
    "or": (" or ", "，或"),
    "origin_override": ("override '{name}'", "调整项“{name}”"),
    "origin_point": ("sweep point", "扫描点"),
    "top_level": ("(top level)", "（顶层）"),
    "unknown_key": ("unknown key '{name}'.{hint} Allowed here: {allowed}.",
                    "未知的键“{name}”。{hint_zh}此处可用的键：{allowed}。"),
    "required": ("required, but not given.", "必须给出，但没有给出。"),
    "section_not_value": ("a section of keys, not one value; give one of its keys ({keys}), "
                          "e.g. {example}=... (got {got})",
                          "这是一组键，不是单个取值；请给出其中的键（{keys}），例如 {example}=..."
                          "（给出的是 {got}）"),
    "unknown_method": ("unknown method {method}; use {tags}.",
                       "未知的方法 {method}；可用：{tags}。"),
    "no_method": ("say which method with 'method:' (one of {tags}).",
                  "请用 method: 指明方法（{tags} 之一）。"),
    "got_date": ("a date ({date})", "日期（{date}）"),
    "want_number": ("expected a number, got {got}", "应为数字，给出的是 {got}"),
    "want_whole_number": ("expected a whole number, got {got}", "应为整数，给出的是 {got}"),
    "want_finite": ("expected a finite number, got {got}", "应为有限的数字，给出的是 {got}"),
    "want_yes_no": ("expected true or false, got {got}", "应为 true 或 false，给出的是 {got}"),
    "want_text": ("expected text, got {got}", "应为文本，给出的是 {got}"),
    "want_list": ("expected a list ([a, b, ...]), got {got}",
                  "应为列表（[a, b, ...]），给出的是 {got}"),
    "want_date": ("expected a date (2027-01-31), got {got}",
                  "应为日期（2027-01-31），给出的是 {got}"),
    "want_choice": ("expected one of {choices}, got {got}", "应为 {choices} 之一，给出的是 {got}"),
    "want_at_least": ("expected a value of at least {limit}, got {got}",
                      "取值应不小于 {limit}，给出的是 {got}"),
    "or_change": (" (for a change of the scenario's value, write {change})",
                  "（如要按比例调整情景中的取值，请写 {change}）"),
    "change_negative_ge": (" (the change {change} of the scenario's value makes it negative: a "
                           "change may be -100% or more)",
                           "（按 {change} 调整情景中的取值后为负数：调整幅度不能低于 -100%）"),
    "change_negative_gt": (" (the change {change} of the scenario's value leaves it at 0 or "
                           "below: a change must be above -100%)",
                           "（按 {change} 调整情景中的取值后不大于 0：调整幅度必须高于 -100%）"),
    "want_above": ("expected a value above {limit}, got {got}",
                   "取值应大于 {limit}，给出的是 {got}"),
    "want_at_most": ("expected a value of at most {limit}, got {got}",
                     "取值应不大于 {limit}，给出的是 {got}"),
    "want_below": ("expected a value below {limit}, got {got}",
                   "取值应小于 {limit}，给出的是 {got}"),
    "want_more_items": ("expected at least {limit} item(s), got {got}",
                        "至少应有 {limit} 项，给出的是 {got}"),
    "want_fewer_items": ("expected at most {limit} item(s), got {got}",
                         "至多应有 {limit} 项，给出的是 {got}"),
    "want_longer_text": ("expected at least {limit} characters, got {got}",
                         "至少应有 {limit} 个字符，给出的是 {got}"),
    "want_shorter_text": ("expected at most {limit} characters, got {got}",
                          "至多应有 {limit} 个字符，给出的是 {got}"),
    "want_mapping": ("expected a mapping of names to values (name: ...), got {got}",
                     "应为“名称: 取值”形式的映射，给出的是 {got}"),
    "want_multiple": ("expected a multiple of {limit}, got {got}",
                      "取值应为 {limit} 的倍数，给出的是 {got}"),
    "want_other": ("not accepted here (got {got})", "此处不接受该取值（给出的是 {got}）"),
    "set_number_forms": ("; write a number (45000, 45k, 1.2m, 2bn, 4.5e4) or a change of the "
                         "scenario's value (-10%, +5%)",
                         "；请写数字（45000、45k、1.2m、2bn、4.5e4）或对情景取值的变化"
                         "（-10%、+5%）"),
    "one_book_source": ("give one book source: the 'customers' and 'rms' tables, 'generate' "
                        "(synthetic) or 'dataset' (a public data set)",
                        "请给出一种客户账簿来源：customers 与 rms 两张表、generate（合成数据）"
                        "或 dataset（公开数据集）"),
    "one_table_source": ("give either 'path' (a file), or 'database' (DuckDB) or 'url' "
                         "(PostgreSQL) with 'query', or 'query' alone (PostgreSQL at the "
                         "address given by --db-url or ALLOCATOR_DB_URL)",
                         "请给出 path（文件），或 database（DuckDB）或 url（PostgreSQL）加 query，"
                         "或仅给出 query（PostgreSQL 地址由 --db-url 或 ALLOCATOR_DB_URL 提供）"),
    "query_with_path": ("'query' reads a database, and 'path' names a file: for a DuckDB "
                        "database file write database: {path} (not path:); for a PostgreSQL "
                        "server leave out 'path' and give the address with --db-url",
                        "query 用于读取数据库，而 path 指的是文件：DuckDB 数据库文件请写成 "
                        "database: {path}（而非 path:）；PostgreSQL 服务器请去掉 path，并用 "
                        "--db-url 给出地址"),
    "needs_query": ("'{key}' needs a 'query' that selects the table",
                    "{key} 需要一个选出该表的 query"),
    "password_env_alone": ("'password_env' is the key of a 'database' or the password of a "
                           "'url'; give one",
                           "password_env 用于 database 或 url 的密码；请给出其一"),
    "url_form": ("'url' is a connection string postgresql://user@host:port/database",
                 "url 应为连接串 postgresql://user@host:port/database"),
    "url_password": ("the connection string 'url' holds a password; remove it and name the "
                     "environment variable that holds it in 'password_env'",
                     "连接串 url 中含有密码；请删除密码，并在 password_env 中写明保存密码的"
                     "环境变量"),
    "url_file_option": ("the connection string 'url' names {option}, which makes the database "
                        "driver read or write a file of this machine; remove it: the "
                        "credentials come only from the environment variable named in "
                        "'password_env'",
                        "连接串 url 中含有 {option}，它会让数据库驱动读取或写入本机的文件；"
                        "请删除它：凭据只来自 password_env 中写明的环境变量"),
    "pg_dial_elsewhere": ("{label}: the connection string names the server to dial in "
                          "'{option}' ({value}); give one server, as postgresql://user@host:port/"
                          "database, without host, hostaddr or service in its query and without "
                          "a list of hosts.",
                          "{label}：连接串在“{option}”中另指定了要连接的服务器（{value}）；"
                          "请只给出一台服务器，写作 postgresql://user@host:port/database，"
                          "查询部分不要含 host、hostaddr 或 service，也不要列出多台主机。"),
    "no_customer_rows": ("data.customers: {file} has no rows (its header only); a plan needs "
                         "customers: give the file that holds them.",
                         "data.customers：{file} 没有数据行（只有表头）；规划需要客户："
                         "请给出包含客户的文件。"),
    "database_outside": ("{key}: the DuckDB database {path} lies outside the scenario's "
                         "folder {folder}; a query may read the files beside its database, so "
                         "the database must lie in the scenario's folder (or below it): move or "
                         "copy it there and name it by a relative path.",
                         "{key}：DuckDB 数据库 {path} 位于情景文件所在目录 {folder} 之外；查询可"
                         "读取数据库旁的文件，故数据库须位于情景所在目录（或其子目录）中："
                         "请将其移动或复制到该处，并以相对路径指定。"),
    "mixed_utf8": ("{file}: mostly UTF-8, but line {line} (byte {byte}) is not; no single "
                   "encoding reads it right. Save the file as UTF-8 throughout (fix that "
                   "line), or set {key} to the encoding the whole file is in.",
                   "{file}：大部分为 UTF-8，但第 {line} 行（字节 {byte}）不是；没有一种编码能"
                   "正确读取整个文件。请将文件整体保存为 UTF-8（修正该行），或在 {key} 中写明"
                   "整个文件的编码。"),
    "vary_db_url": ("--vary {key}: a sweep cannot vary a PostgreSQL server's address (the "
                    "address comes from --db-url or {variable}, which would win over each "
                    "point's); run one sweep per server instead.",
                    "--vary {key}：扫描不能改变 PostgreSQL 服务器地址（地址来自 --db-url 或 "
                    "{variable}，会取代各点的取值）；请对每台服务器分别运行扫描。"),
    "symlink_loop": ("{path}: a symbolic link that leads back to itself (a loop); point it "
                     "at the real file, or give the file's own path.",
                     "{path}：符号链接指回自身（形成循环）；请让它指向真实文件，或直接给出文件路径。"),
    "stopped_starting": ("Stopped by {signal} while starting: nothing was read or written.",
                         "因 {signal} 在启动时停止：尚未读取或写入任何内容。"),
    "unknown_encoding": ("unknown encoding {got}; use {choices}",
                         "未知的编码 {got}；可用：{choices}"),
    "both_tables": ("needs both the 'customers' and the 'rms' table",
                    "需要 customers 与 rms 两张表"),
    "no_book_source": ("needs 'customers' and 'rms' tables (or 'generate' for a synthetic "
                       "book, or 'dataset' for a public data set)",
                       "需要 customers 与 rms 两张表（或用 generate 生成合成数据，或用 dataset "
                       "读取公开数据集）"),
    "thresholds_or_quantiles": ("give either 'thresholds' or 'quantiles'",
                                "请给出 thresholds 或 quantiles 之一"),
    "quota_below_minimum": ("quota {quota} is below minimum {minimum}",
                            "配额 {quota} 低于最低量 {minimum}"),
    "dask_address": ("{got} is not a Dask scheduler address; write it as tcp://host:port "
                     "(or host:port)", "{got} 不是 Dask 调度器地址；请写成 tcp://host:port"
                     "（或 host:port）"),
    "dask_needs_address": ("engine: dask needs the scheduler's 'address' (tcp://host:port)",
                           "engine: dask 需要调度器的 address（tcp://host:port）"),
    "tier_without_package": ("packages: no package is open to tier '{tier}'; every tier takes "
                             "exactly one package, so give it one (e.g. a basic package).",
                             "packages：没有向层级“{tier}”开放的服务包；每个层级恰好选择一个服务包，"
                             "请为其提供一个（例如基础服务包）。"),
    "unknown_tier": ("{where}: unknown tier '{tier}'.{hint} The tiers are: {tiers}.",
                     "{where}：未知的层级“{tier}”。{hint_zh}已有层级：{tiers}。"),
    "cut_per_tier": ("{where}: give a value for every tier but the base tier '{base}' "
                     "(needed: {needed}; missing: {missing}).",
                     "{where}：除最低层级“{base}”外，每个层级都需给出取值（需要：{needed}；"
                     "缺少：{missing}）。"),
    "cuts_must_fall": ("{where}: thresholds must fall from the highest tier to the lowest "
                       "({cuts}).", "{where}：门槛须从最高层级到最低层级依次下降（{cuts}）。"),
    "shares_above_one": ("{where}: the shares add up to {total}, more than 1.",
                         "{where}：各份额合计 {total}，超过 1。"),
    "floors_above_budget": ("tiers.*.budget_floor_share: the floors add up to {total}, more "
                            "than the whole budget; lower them.",
                            "tiers.*.budget_floor_share：各层级预算下限合计 {total}，超过全部预算；"
                            "请调低。"),
    "floor_above_cap": ("tiers.{tier}: budget_floor_share {floor} is above budget_cap_share "
                        "{cap}.", "tiers.{tier}：budget_floor_share {floor} 高于 "
                        "budget_cap_share {cap}。"),
    # solving (allocator.optimize)
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
    "not_a_run_manifest": ("{path}: not the manifest of an allocator run, so {folder} is not "
                           "an allocator run folder; give a folder written by `allocate run`.",
                           "{path}：不是运行结果的清单文件，因此 {folder} 不是运行结果目录；请给出 "
                           "`allocate run` 写出的目录。"),
    "manifest_solver_damaged": ("{path}: its 'solver' entry is not a JSON object; the manifest "
                                "is damaged or was edited, so the run cannot be read.",
                                "{path}：其中 solver 一项不是 JSON 对象；清单文件已损坏或被改动，"
                                "无法读取此次运行。"),
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
                 "{path}：不是有效的 JSON（{reason}，第 {line} 行）。"),
    "run_file_damaged": ("{path}: cannot be read ({reason}); the run folder is damaged.",
                         "{path}：无法读取（{reason}）；运行结果目录已损坏。"),
    "json_not_object": ("{path}: expected a JSON object.", "{path}：应为 JSON 对象。"),
    "run_file_missing": ("{folder}: {file} is missing; the run folder is incomplete.",
                         "{folder}：缺少 {file}；运行结果目录不完整。"),
    "no_plan_to_verify": ("{folder}: this run has no plan (status {status}); nothing to "
                          "verify.", "{folder}：此次运行没有方案（状态：{status_zh}），无可校验。"),
    "no_plan_to_compare": ("{folder}: this run has no plan to compare (status {status}).",
                           "{folder}：此次运行没有可比较的方案（状态：{status_zh}）。"),
    "no_customer": ("{folder}: no customer '{customer}' in this run (closed accounts are left "
                    "out of the plan).", "{folder}：此次运行中没有客户“{customer}”（已销户客户"
                    "不纳入方案）。"),
}
"""Message key -> (English, Chinese)."""
ERROR_MESSAGES.update(SOURCE_ERROR_MESSAGES)
ERROR_MESSAGES.update(TOOL_ERROR_MESSAGES)
ERROR_MESSAGES.update(INPUT_ERROR_MESSAGES)
ERROR_MESSAGES.update(SOLVE_ERROR_MESSAGES)
ERROR_MESSAGES.update(VERIFY_ERROR_MESSAGES)
ERROR_MESSAGES.update(LABEL_ERROR_MESSAGES)

STATUS_ZH: dict[str, str] = {"optimal": "最优", "feasible": "可行", "infeasible": "不可行",
                             "no_solution": "无解", "error": "错误", "None": "未知"}
"""A solver status as an error message names it in Chinese."""
