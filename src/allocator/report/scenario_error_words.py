"""The messages of errors about the scenario, in English and Simplified Chinese: its files and
named overrides (allocator.scenario.loading), and its keys and values (allocator.scenario.errors);
merged into report/error_words.py's catalogue."""

from __future__ import annotations

SCENARIO_ERROR_MESSAGES: dict[str, tuple[str, str]] = {
    # scenario files (allocator.scenario.loading)
    "no_scenario_file": ("{path}: no such scenario file; check the path.",
                         "{path}：情景文件不存在；请检查路径。"),
    "extends_missing": ("{path}: extends: {name}: no such scenario file ({base}); check the "
                        "name, which is read from the folder of {path}.",
                        "{path}：extends：{name}：情景文件不存在（{base}）；请检查文件名，它相对于 "
                        "{path} 所在目录读取。"),
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
    "dotted_twice": ("{origin}: {dotted} is given twice (written once dotted and once within "
                     "another key, or twice); give it once.",
                     "{origin_zh}：{dotted} 被给出了两次（一次以点号写出，一次写在另一个键之内，"
                     "或写了两次）；请只给出一次。"),
    "same_key_twice": ("{first} and {second} both set {key}; {what} must not give the same "
                       "key twice. Keep one.",
                       "{first} 与 {second} 都设定了 {key}；{what_zh}不能两次给出同一个键，"
                       "请保留其一。"),
    "use_and_set": ("--use {name} and {given} both set {key}; the --set would replace the "
                    "override's change, and a run made with --use {name} would not plan it. "
                    "Drop the --set to plan the override, or drop --use {name} and give the "
                    "override's other changes with --set.",
                    "--use {name} 与 {given} 都设定了 {key}；该 --set 会取代调整项的改动，以 "
                    "--use {name} 所做的运行将不规划它。若要规划该调整项，请去掉该 --set；否则请"
                    "去掉 --use {name}，并用 --set 给出调整项的其他改动。"),
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
                         "hours from (its grades: {known}).{hint} Add to one of those grades, "
                         "by id or label, or set rm_grades.{grade}.hours for a new grade.",
                         "rules.add_rms.{grade}：客户账簿中没有职级为“{grade}”的客户经理可供参照"
                         "工时（已有职级：{known_zh}）。{hint_zh}请按编号或名称增加到已有职级，"
                         "或为新职级设定 rm_grades.{grade}.hours。"),
    "rm_scale_no_grade": ("rules.rm_capacity_scale.{grade}: the book has no RM of grade "
                          "'{grade}' whose hours to scale (its grades: {known}).{hint} Scale "
                          "one of those grades, by id or label.",
                          "rules.rm_capacity_scale.{grade}：客户账簿中没有职级为“{grade}”的"
                          "客户经理可供调整工时（已有职级：{known_zh}）。{hint_zh}请按编号或名称"
                          "调整已有职级的工时。"),
    "rm_grade_unknown": ("rm_grades.{grade}: the book has no RM of grade '{grade}' (its "
                         "grades: {known}), and {given} alone adds no grade (a new one also "
                         "gives: {missing}).{hint} Correct the grade, or add the new grade "
                         "whole: its RMs' yearly hours (rm_grades.{grade}.hours) and how many "
                         "rules.add_rms adds where (rules.add_rms.{grade}.<region>).",
                         "rm_grades.{grade}：客户账簿中没有职级为“{grade}”的客户经理（已有职级："
                         "{known_zh}），仅凭 {given} 不构成新职级（新增职级还需给出：{missing}）。"
                         "{hint_zh}请改正职级，或完整地添加新职级：其客户经理的年工时"
                         "（rm_grades.{grade}.hours），以及 rules.add_rms 在各区域增加的人数"
                         "（rules.add_rms.{grade}.<区域>）。"),
    "add_rms_no_region": ("rules.add_rms.{grade}.{region}: no RM works in region '{region}'; "
                          "the regions are {known} (by id or label).",
                          "rules.add_rms.{grade}.{region}：没有客户经理在区域“{region}”工作；"
                          "已有区域：{known}（可写编号或名称）。"),
    "change_of_nothing": ("{origin}: {asked}the scenario gives {key} {had}, so there is nothing "
                          "to change by a percentage; give {key} as a number (45000, 45k, 1.2m).",
                          "{origin}：{asked_zh}情景中 {key} {had_zh}，无从按百分比变化；请把 {key} "
                          "写成数字（45000、45k、1.2m）。"),
    "percent_needs_sign": ("{origin}: {key}={text}: a percentage is a change of the scenario's "
                           "value and needs a sign (-10% or +10%); for {key} give {forms}.",
                           "{origin}：{key}={text}：百分比表示对情景取值的变化，须带正负号"
                           "（-10% 或 +10%）；{key} 请写数字（45000、45k、1.2m、2bn、4.5e4）"
                           "或对情景取值的变化（-10%、+5%）。"),
    "plus_without_percent": ("{origin}: {asked}a leading + without % is no change of the "
                             "scenario's value; write {change} to change {key} by {change} "
                             "({before} → {changed}), or {plain} to set it to {plain}.",
                             "{origin}：{asked_zh}带“+”号而无“%”不表示对情景取值的变化；如要将 "
                             "{key} 调整 {change}（{before} → {changed}），请写 {change}；如要将其"
                             "设为 {plain}，请写 {plain}。"),
    "plus_without_percent_unset": ("{origin}: {asked}a leading + without % is no change of "
                                   "the scenario's value, and the scenario gives {key} no "
                                   "number to change by {change}; write {plain} to set it to "
                                   "{plain}.",
                                   "{origin}：{asked_zh}带“+”号而无“%”不表示对情景取值的变化，"
                                   "且情景中 {key} 没有可按 {change} 调整的数值；如要将其设为 "
                                   "{plain}，请写 {plain}。"),
    # the scenario's errors (allocator.scenario.errors)
    "scenario_errors": ("The scenario has {count} errors:\n{body}",
                        "情景有 {count} 处错误：\n{body}"),
    "or": (" or ", "，或"),
    "origin_override": ("override '{name}'", "调整项“{name}”"),
    "origin_set_override": ("override '{name}' ({option})", "调整项“{name}”（{option}）"),
    "top_level": ("(top level)", "（顶层）"),
    "unknown_key": ("unknown key '{name}'.{hint} Allowed here: {allowed}.",
                    "未知的键“{name}”。{hint_zh}此处可用的键：{allowed}。"),
    "unknown_method_key": ("unknown key '{name}'.{hint} Allowed here with method {method}: "
                           "{allowed}.",
                           "未知的键“{name}”。{hint_zh}方法 {method} 在此处可用的键：{allowed}。"),
    "required": ("required, but not given.", "必须给出，但没有给出。"),
    "section_not_value": ("a section of keys, not one value; give one of its keys ({keys}), "
                          "e.g. {example}=... (got {got})",
                          "这是一组键，不是单个取值；请给出其中的键（{keys}），例如 {example}=..."
                          "（给出的是 {got}）"),
    "section_path_value": ("a section of keys, not one value; a file is given by its path key: "
                           "{key}.path: {got} (its keys: {keys})",
                           "这是一组键，不是单个取值；文件应写在其 path 键下：{key}.path: {got}"
                           "（可用的键：{keys}）"),
    "unknown_method": ("unknown method {method}; use {tags}.",
                       "未知的方法 {method}；可用：{tags}。"),
    "no_method": ("say which method with 'method:' (one of {tags}).",
                  "请用 method: 指明方法（{tags} 之一）。"),
    "got_date": ("a date ({date})", "日期（{date}）"),
    "want_number": ("expected a number, got {got}", "应为数字，给出的是 {got}"),
    "number_quoted": ("expected a number, got the text {got}: write the number without quotes",
                      "应为数字，给出的是文本 {got}：请去掉引号直接写数字"),
    "want_whole_number": ("expected a whole number, got {got}", "应为整数，给出的是 {got}"),
    "want_finite": ("expected a finite number, got {got}", "应为有限的数字，给出的是 {got}"),
    "want_yes_no": ("expected true or false, got {got}", "应为 true 或 false，给出的是 {got}"),
    "flag_quoted": ("expected true or false, got the text {got}: write true or false, "
                    "without quotes (a quoted value, and yes, no, on or off, is text)",
                    "应为 true 或 false，给出的是文本 {got}：请写 true 或 false，不加引号"
                    "（加引号的取值以及 yes、no、on、off 均为文本）"),
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
    "want_more_items": ("expected at least {limit} items, got {got}",
                        "至少应有 {limit} 项，给出的是 {got}"),
    "want_fewer_items": ("expected at most {limit} items, got {got}",
                         "至多应有 {limit} 项，给出的是 {got}"),
    "empty_name": ("a name is empty (''): give each entry a name of one character or more",
                   "有一个名称为空（''）：每一项的名称至少应有 1 个字符"),
    "want_longer_text": ("expected at least {limit} characters, got {got}",
                         "至少应有 {limit} 个字符，给出的是 {got}"),
    "want_shorter_text": ("expected at most {limit} characters, got {length}: {got}",
                          "至多应有 {limit} 个字符，给出的有 {length} 个：{got}"),
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
    "password_variable_prefix": ("'password_env' names {variable}, but a database key or "
                                 "password is only read from a variable whose name starts with "
                                 "{prefix} (so that a scenario cannot send another secret of "
                                 "the environment to a server); put it in, say, "
                                 "{prefix}PASSWORD and name that",
                                 "password_env 指定了 {variable}，但数据库密钥或密码只从名称以 "
                                 "{prefix} 开头的环境变量读取（以免情景把环境中的其他机密发送到"
                                 "服务器）；请把它放入例如 {prefix}PASSWORD，并写明该变量"),
    "password_variable_address": ("'password_env' names {variable}, which holds the "
                                  "PostgreSQL server's address (as --db-url does), not a "
                                  "password or key; put the password in another variable, say "
                                  "{prefix}PASSWORD, and name that",
                                  "password_env 指定了 {variable}，而该变量存放的是 PostgreSQL "
                                  "服务器地址（与 --db-url 相同），不是密码或密钥；请把密码放入"
                                  "另一个变量，例如 {prefix}PASSWORD，并写明该变量"),
    "url_form": ("'url' is a connection string postgresql://user@host:port/database",
                 "url 应为连接串 postgresql://user@host:port/database"),
    "url_hash": ("the connection string 'url' holds a '#', where a connection string ends: "
                 "a '#' in a user name, password or database name must be percent-encoded, "
                 "written %23 (and a '%' as %25)",
                 "连接串 url 中含有“#”，连接串会在此处截断：用户名、密码或数据库名中的“#”须"
                 "按百分号编码写成 %23（“%”写成 %25）"),
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
    "no_rm_rows": ("data.rms: {file} has no rows (its header only), while the scenario names "
                   "grades its RMs hold ({keys}): give the file that holds the RMs.",
                   "data.rms：{file} 没有数据行（只有表头），而情景提到了其中客户经理的职级"
                   "（{keys}）：请给出包含客户经理的文件。"),
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
    "decimal_csv_only": ("decimal: '{decimal}' says how a CSV file writes its numbers; an "
                         "Excel sheet, a Parquet file or a query holds numbers, not text: "
                         "leave 'decimal' out there",
                         "decimal: '{decimal}' 用于说明 CSV 文件中数字的写法；Excel 工作表、"
                         "Parquet 文件或查询中保存的是数字而非文本：请在此处去掉 decimal"),
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
    "no_tier_listed": ("[] lists no tier: leave the key out for every tier, or name the tiers "
                       "(an offer made to nobody: its quota 0)",
                       "[] 未列出任何层级：适用于所有层级请省略此键，否则请写明层级"
                       "（不做某项推荐：将其配额设为 0）"),
    "quota_below_minimum": ("quota {quota} is below minimum {minimum}; raise the quota or "
                            "lower the minimum",
                            "配额（quota）{quota} 低于最低量（minimum）{minimum}；请提高配额或"
                            "降低最低量"),
    "dask_address": ("{got} is not a Dask scheduler address; write it as tcp://host:port "
                     "(or host:port)", "{got} 不是 Dask 调度器地址；请写成 tcp://host:port"
                     "（或 host:port）"),
    "dask_needs_address": ("engine: dask needs the scheduler's 'address' (tcp://host:port)",
                           "engine: dask 需要调度器的 address（tcp://host:port）"),
    "tier_without_package": ("packages: no package is open to tier '{tier}'; every tier takes "
                             "exactly one package, so give it one (e.g. a basic package).",
                             "packages：没有向层级“{tier}”开放的服务包；每个层级恰好选择一个服务包，"
                             "请为其提供一个（例如基础服务包）。"),
    "package_no_uplift": ("the package costs {cost} a customer and gives no uplift: it would "
                          "add nothing to its customers' value.{hint} The packages: {known}. "
                          "Give its uplift, or correct the package's id (a base package costs "
                          "nothing: basic: {{cost_per_customer: 0, uplift: 0}}).",
                          "该服务包每位客户成本为 {cost}，却没有给出 uplift（价值提升）：它不会为"
                          "其客户增加任何价值。{hint_zh}已有服务包：{known}。请给出其 uplift，或"
                          "改正服务包编号（基础服务包不计成本：basic: {{cost_per_customer: 0, "
                          "uplift: 0}}）。"),
    "unknown_tier": ("{where}: unknown tier '{tier}'.{hint} The tiers are: {tiers}.",
                     "{where}：未知的层级“{tier}”。{hint_zh}已有层级：{tiers}。"),
    "cut_per_tier": ("give a value for every tier but the base tier '{base}' "
                     "(needed: {needed}; missing: {missing}).",
                     "除最低层级“{base}”外，每个层级都需给出取值（需要：{needed}；"
                     "缺少：{missing}）。"),
    "cut_of_base_tier": ("the base tier '{base}' (the last of tiers) takes no {what}: it "
                         "holds the customers no tier above it takes; remove '{base}' here.",
                         "最低层级“{base}”（tiers 中的最后一个）不设{what}：未归入其上各层级的"
                         "客户都属于它；请在此删除“{base}”。"),
    "cut_word_thresholds": ("threshold", "门槛"),
    "cut_word_quantiles": ("quantile", "分位数"),
    "cut_word_value_shares": ("value share", "价值份额"),
    "cuts_must_fall": ("thresholds must fall from the highest tier to the lowest "
                       "({cuts}).", "门槛须从最高层级到最低层级依次下降（{cuts}）。"),
    "shares_above_one": ("the shares add up to {total}, more than 1.",
                         "各份额合计 {total}，超过 1。"),
    "floors_above_budget": ("tiers.*.budget_floor_share: the floors add up to {total}, more "
                            "than the whole budget; lower them.",
                            "tiers.*.budget_floor_share：各层级预算下限合计 {total}，超过全部预算；"
                            "请调低。"),
    "floor_above_cap": ("tiers.{tier}: budget_floor_share {floor} is above budget_cap_share "
                        "{cap}.", "tiers.{tier}：budget_floor_share {floor} 高于 "
                        "budget_cap_share {cap}。"),
}
