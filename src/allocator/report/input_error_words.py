"""The messages of errors met in what a user gives and where runs are kept: the scenario file
and its YAML, the scenario's own checks and calendar, the output folder, the run registry, the
offers table, a generated book and the benchmark instances (a run folder's own files, as verify
finds them: folder_error_words); in English and Simplified Chinese,
part of the error catalogue (error_words)."""

from __future__ import annotations

INPUT_ERROR_MESSAGES: dict[str, tuple[str, str]] = {
    # reading a scenario file (allocator.scenario.loading)
    "extends_cycle": ("{path}: 'extends' makes a cycle ({cycle}); remove one of the links.",
                      "{path}：“extends”形成了循环（{cycle}）；请删去其中一处引用。"),
    "extends_not_name": ("{path}: extends: expected a file name, got {got}.",
                         "{path}：extends：应为文件名，实际为 {got}。"),
    "scenario_not_regular": ("{path}: not a regular file (a pipe or a device); give a scenario "
                             "YAML file.",
                             "{path}：不是普通文件（而是管道或设备）；请给出情景 YAML 文件。"),
    "scenario_unreadable": ("{path}: cannot read the scenario file ({reason}); check the path "
                            "and its permissions.",
                            "{path}：无法读取情景文件（{reason_zh}）；请检查路径及其权限。"),
    "scenario_not_utf8": ("{path}: line {line}: not UTF-8 text (byte 0x{byte}); save the "
                          "scenario file as UTF-8.",
                          "{path}：第 {line} 行不是 UTF-8 文本（字节 0x{byte}）；请将情景文件"
                          "另存为 UTF-8 编码。"),
    "scenario_not_mapping": ("{path}: a scenario is a mapping of sections (name:, data:, ...), "
                             "each written as 'section:' at the start of its line; this file "
                             "holds {kind}.",
                             "{path}：情景应是由各节（name:、data: 等）组成的映射，每节在行首"
                             "写作“节名:”；此文件的内容是{kind}。"),
    "scenario_holds_text": ("plain text", "纯文本"),
    "scenario_holds_number": ("a number", "一个数字"),
    "scenario_holds_flag": ("a true or false value", "一个真假值"),
    "scenario_holds_list": ("a list", "一个列表"),
    "scenario_holds_date": ("a date", "一个日期"),
    "scenario_holds_value": ("a single value", "单个取值"),
    "scenario_is_table": ("{path}: this looks like a data table ({suffix}), not a scenario. A "
                          "scenario is a YAML file whose data: section names the tables "
                          "(data: {{customers: {{path: customers{suffix}}}, rms: ...}}); plan one "
                          "with `allocate SCENARIO.yaml`, or check it with `allocate validate "
                          "SCENARIO.yaml`.",
                          "{path}：这看起来是数据表（{suffix}），而不是情景。情景是 YAML 文件，"
                          "其 data: 节指明各数据表（data: {{customers: {{path: customers{suffix}}}"
                          ", rms: ...}}）；请以 `allocate 情景文件.yaml` 规划，或以 `allocate "
                          "validate 情景文件.yaml` 检查。"),
    "base_not_scenario": ("{path} is not a scenario file (line {line}): a file named by "
                          "'extends' holds only scenario sections (name:, data:, tiers:, ...).",
                          "{path} 不是情景文件（第 {line} 行）：“extends”引用的文件只能包含"
                          "情景的各节（name:、data:、tiers: 等）。"),
    "dotted_not_mapping": ("{origin}: expected a mapping of dotted keys to values.",
                           "{origin_zh}：应为“点分键: 取值”的映射。"),
    "override_new_tier": ("{origin}: tiers.{name}: no tier '{name}' in the scenario file.{hint} "
                          "Its tiers: {known}. A new tier is added in the file, with its "
                          "threshold (tiering.thresholds).",
                          "{origin_zh}：tiers.{name}：情景文件中没有客户层级“{name}”。{hint_zh}"
                          "已有层级：{known}。新增层级请在情景文件中添加，并给出其阈值"
                          "（tiering.thresholds）。"),
    "override_new_offer": ("{origin}: offers.{name}: no offer '{name}' in the scenario file, and "
                           "{given} alone is no offer (a new one also gives: {missing}).{hint} "
                           "Its offers: {known}. Correct the offer's id, or add the new offer "
                           "whole.",
                           "{origin_zh}：offers.{name}：情景文件中没有产品“{name}”，仅凭 {given} "
                           "不构成产品（新增产品还需给出：{missing}）。{hint_zh}已有产品：{known}。"
                           "请改正产品编号，或完整地添加新产品。"),
    "extends_new_tier": ("{origin}: tiers.{name}: no tier '{name}' in the files it extends, "
                         "and {cut} gives it no place among the tiers (a value for every tier "
                         "but the last, the base tier).{hint} Their tiers: {known}. Correct the "
                         "tier's name, or add the new tier whole, with its place in {cut}.",
                         "{origin}：tiers.{name}：其所扩展（extends）的文件中没有客户层级“{name}”，"
                         "且 {cut} 未给出它在各层级中的位置（除最后一个即最低层级外，每个层级都需"
                         "给出取值）。{hint_zh}已有层级：{known}。请改正层级名称，或完整地添加新"
                         "层级，并在 {cut} 中给出其位置。"),
    "extends_new_offer": ("{origin}: offers.{name}: no offer '{name}' in the files it extends, "
                          "and {given} alone is no offer (a new one also gives: {missing})."
                          "{hint} Their offers: {known}. Correct the offer's id, or add the new "
                          "offer whole.",
                          "{origin_zh}：offers.{name}：其所扩展（extends）的文件中没有产品"
                          "“{name}”，仅凭 {given} 不构成产品（新增产品还需给出：{missing}）。"
                          "{hint_zh}已有产品：{known}。请改正产品编号，或完整地添加新产品。"),
    "override_new_package": ("{origin}: packages.{name}: no package '{name}' in the scenario "
                             "file, and {given} alone is no package (a new one also gives: "
                             "{missing}).{hint} Its packages: {known}. Correct the package's "
                             "id, or add the new package whole (what it costs a customer and "
                             "adds: cost_per_customer and uplift).",
                             "{origin_zh}：packages.{name}：情景文件中没有服务包“{name}”，仅凭 "
                             "{given} 不构成服务包（新增服务包还需给出：{missing}）。{hint_zh}"
                             "已有服务包：{known}。请改正服务包编号，或完整地添加新服务包"
                             "（每位客户的成本及其带来的价值提升：cost_per_customer 和 "
                             "uplift）。"),
    "extends_new_package": ("{origin}: packages.{name}: no package '{name}' in the files it "
                            "extends, and {given} alone is no package (a new one also gives: "
                            "{missing}).{hint} Their packages: {known}. Correct the package's "
                            "id, or add the new package whole (what it costs a customer and "
                            "adds: cost_per_customer and uplift).",
                            "{origin_zh}：packages.{name}：其所扩展（extends）的文件中没有服务包"
                            "“{name}”，仅凭 {given} 不构成服务包（新增服务包还需给出：{missing}）。"
                            "{hint_zh}已有服务包：{known}。请改正服务包编号，或完整地添加新服务包"
                            "（每位客户的成本及其带来的价值提升：cost_per_customer 和 "
                            "uplift）。"),
    "not_key_path": ("{origin}: '{dotted}' is not a key path like budget.total.",
                     "{origin_zh}：“{dotted}”不是形如 budget.total 的键路径。"),
    # YAML read strictly (allocator.scenario.strict_yaml)
    "yaml_key_twice": ("line {line}: key '{key}' is given twice in one mapping (lines {first} "
                       "and {line}); keep one.",
                       "第 {line} 行：同一映射中的键“{key}”出现了两次（第 {first} 行和第 {line} "
                       "行）；请只保留一处。"),
    "yaml_key_twice_on_line": ("line {line}: key '{key}' is given twice in one mapping "
                               "(columns {first} and {column}); keep one.",
                               "第 {line} 行：同一映射中的键“{key}”出现了两次（第 {first} 列和第 "
                               "{column} 列）；请只保留一处。"),
    "yaml_number_beyond": ("line {line}, column {column}: {key}: the number {shown} is beyond "
                           "any value a scenario may hold; give a number from {least} to "
                           "{largest}.",
                           "第 {line} 行第 {column} 列：{key}：数字 {shown} 超出了情景可取的任何"
                           "数值；请给出 {least} 至 {largest} 之间的数字。"),
    "number_beyond": ("{origin}: {key}: the number {shown} is beyond any value a scenario may "
                      "hold; give a number from {least} to {largest}.",
                      "{origin}：{key}：数字 {shown} 超出了情景可取的任何数值；请给出 {least} 至 "
                      "{largest} 之间的数字。"),
    "yaml_where": (" line {line}, column {column}:", "第 {line} 行第 {column} 列："),
    "yaml_invalid": ("{origin}:{where} not valid YAML ({problem}).",
                     "{origin}：{where_zh}不是有效的 YAML（{problem_zh}）。"),
    "yaml_invalid_untold": ("{origin}:{where} not valid YAML ({problem}).",
                            "{origin}：{where_zh}不是有效的 YAML，请检查该处的写法。"),
    "yaml_context_began": ("(from line {line})", "{context_zh}（始于第 {line} 行）"),
    "yaml_too_deep": ("{origin}: the YAML is nested too deeply to be a scenario.",
                      "{origin}：YAML 的嵌套层数过多，不可能是情景文件。"),
    "yaml_aliases_expand": ("its aliases (*name) expand to more than {limit} values, far more "
                            "than a scenario holds; write the repeated parts out or use fewer "
                            "nested aliases.",
                            "其中的别名（*名称）展开后超过 {limit} 个值，远多于情景文件应有的规模；"
                            "请把重复的部分直接写出，或减少别名的嵌套。"),
    "yaml_alias_self": ("line {line}: an alias refers to the mapping or list that holds it; a "
                        "scenario cannot contain itself.",
                        "第 {line} 行：别名引用了包含它自身的映射或列表；情景不能包含自身。"),
    # the scenario's own checks (allocator.scenario.consistency, allocator.scenario.calendar)
    "id_not_printable": ("{section}: the id {key} holds control characters or is blank; name "
                         "it with printable characters.",
                         "{section}：编号 {key} 含有控制字符或为空白；请用可打印字符命名。"),
    "unknown_label_package": ("labels.packages: unknown package '{package}'.{hint} The "
                              "packages are: {packages}.",
                              "labels.packages：未知的服务包“{package}”。{hint_zh}已有服务包："
                              "{packages_zh}。"),
    "run_text_not_printable": ("the text holds control characters (an escape, a bell, a line "
                               "break); write it with printable characters.",
                               "文字含有控制字符（转义符、响铃符、换行符等）；请只用可打印字符。"),
    "naming_refused": ("{option}: {problem}", "选项 {option}：{problem_zh}"),
    "argument_refused": ("{option}: {problem}", "参数 {option}：{problem_zh}"),
    "label_two_names": ("labels.{kind}.{key}: '{key}' is named '{first}' under "
                        "labels.{first_kind} and '{second}' under labels.{kind} ({language}), "
                        "and the reports show an id by one name wherever it stands; give it one "
                        "name.",
                        "labels.{kind}.{key}：“{key}”在 labels.{first_kind} 下名为“{first}”，在 "
                        "labels.{kind} 下名为“{second}”（{language}），而报告中同一编号在各处只"
                        "显示一个名称；请只给它一个名称。"),
    "end_before_start": ("end day {end} is before start day {start}",
                         "结束日 {end} 早于开始日 {start}"),
    "every_or_rolling": ("give 'every' (fixed windows) or 'rolling' (rolling windows), not both",
                         "请给出 every（固定窗口）或 rolling（滚动窗口）之一，不能同时给出"),
    "max_below_min": ("max {max} is below min {min}", "最大值 {max} 小于最小值 {min}"),
    "min_or_max": ("give 'min', 'max' or both", "请给出 min、max 或两者"),
    "day_after_horizon": ("activities.{name}: day {day} is after the horizon's last day "
                          "{horizon}",
                          "activities.{name}：第 {day} 天晚于计划期的最后一天（第 {horizon} 天）"),
    # the output folder (allocator.storage)
    "output_is_file": ("{folder}: is a file, not a folder; give a folder for the runs with "
                       "--out or output.dir.",
                       "{folder}：这是文件而不是目录；请用 --out 或 output.dir 给出存放运行结果的"
                       "目录。"),
    "output_dangling_link": ("{folder}: a symbolic link to {target}, which does not exist; "
                             "remove the link, or make it point to a folder for the runs.",
                             "{folder}：这是指向 {target} 的符号链接，而该目标不存在；请删除该"
                             "链接，或让它指向存放运行结果的目录。"),
    "output_link_outside": ("{folder}: a symbolic link to {target}, outside the output folder "
                            "{root}; runs are written only inside the output folder: remove "
                            "the link, or give the folder it points to with --out or "
                            "output.dir.",
                            "{folder}：这是指向 {target} 的符号链接，位于输出目录 {root} 之外；"
                            "运行结果只写入输出目录内：请删除该链接，或用 --out 或 output.dir "
                            "指定它所指向的目录。"),
    "output_not_writable": ("{folder}: this folder cannot be written ({reason}); give a "
                            "folder you can write with --out or output.dir.",
                            "{folder}：无法写入该目录（{reason_zh}）；请用 --out 或 output.dir 给出"
                            "有写入权限的目录。"),
    "output_why_system": ("it is a system folder, not on a regular file system, as /proc and "
                          "/sys are", "这是系统目录，不在普通文件系统上（如 /proc 与 /sys）"),
    "output_why_EACCES": ("you have no permission to create files in it",
                          "您无权在其中创建文件"),
    "output_why_EPERM": ("the system does not permit creating files in it (a protected "
                         "folder)", "系统不允许在其中创建文件（受保护的目录）"),
    "output_why_EROFS": ("it is on a read-only file system", "它位于只读文件系统上"),
    "output_why_ENOSPC": ("its disk is full", "其所在磁盘已满"),
    "output_why_EDQUOT": ("your disk quota is used up", "您的磁盘配额已用完"),
    "output_why_ENOENT": ("a folder on its path does not exist", "其路径上的某个目录不存在"),
    "output_why_ENOTDIR": ("a part of its path is a file, not a folder",
                           "其路径中的某一部分是文件而不是目录"),
    "output_no_space": ("{folder}: only {free} MB free, {need} MB needed; free some space or "
                        "give another folder with --out.",
                        "{folder}：仅剩 {free} MB 可用空间，需要 {need} MB；请释放空间，或用 "
                        "--out 另选目录。"),
    "run_not_written": ("{where}: cannot write the run ({reason}); {advice}",
                        "{where}：无法写出运行结果（{reason_zh}）；{advice_zh}"),
    "write_advice_full": ("the disk is full: free some space, or give another folder with "
                          "--out, and run again.",
                          "磁盘已满：请释放空间，或用 --out 另选目录，然后重新运行。"),
    "write_advice_permission": ("give a folder you can write with --out or output.dir, and run "
                                "again.",
                                "请用 --out 或 output.dir 给出有写入权限的目录，然后重新运行。"),
    "write_advice_other": ("check the folder (--out or output.dir) and run again.",
                           "请检查目录（--out 或 output.dir），然后重新运行。"),
    "run_folder_name": ("name: '{name}' cannot name a folder of runs inside the output folder; "
                        "use letters, digits, '_', '-' and '.', not starting with '.'.",
                        "name：“{name}”不能用作输出目录中存放运行结果的目录名；请使用字母、数字、"
                        "“_”、“-”和“.”，且不以“.”开头。"),
    "name_not_folder": ("'{name}' cannot name a folder of runs inside the output folder; use "
                        "letters, digits, '_', '-' and '.', not starting with '.'",
                        "“{name}”不能用作输出目录中存放运行结果的目录名；请使用字母、数字、“_”、"
                        "“-”和“.”，且不以“.”开头"),
    "output_dir_blank": ("the folder of the runs is empty or blank (got {got}; an unset "
                         "variable?): give one, or leave output.dir out for its default "
                         "(reports, in the scenario file's folder)",
                         "存放各次运行的目录为空或空白（给出的是 {got}；是否引用了未设置的"
                         "变量？）：请给出目录，或省略 output.dir 以用其默认值（情景文件所在目录"
                         "中的 reports）"),
    "data_path_blank": ("the path is empty or blank (got {got}; an unset variable?), and would "
                        "read as the scenario file's own folder (from --set, the current "
                        "folder): give the path of the data",
                        "路径为空或空白（给出的是 {got}；是否引用了未设置的变量？），会被当作情景"
                        "文件所在的目录（由 --set 给出时为当前目录）：请给出数据的路径"),
    "output_dir_edged": ("a folder's name in it starts or ends with whitespace (got {got}), "
                         "and would read as the name without it; write the name without the "
                         "whitespace",
                         "其中的目录名以空白开头或结尾（给出的是 {got}），看起来与不带空白的名称"
                         "无异；请去掉名称首尾的空白"),
    # the run registry (allocator.run_index)
    "reports_folder_unusable": ("{root}: cannot use this reports folder ({reason}); give a "
                                "folder (--reports).",
                                "{root}：无法使用该报告目录（{reason_zh}）；请用 --reports 给出一个"
                                "目录。"),
    "registry_not_rebuilt": ("{path}: the run registry is damaged and could not be rebuilt; "
                             "delete the file (it is rebuilt from the run folders).",
                             "{path}：运行登记表已损坏且无法重建；请删除该文件（它会根据各运行"
                             "结果目录重建）。"),
    "registry_held": ("{path}: another allocate process holds the run registry open "
                      "({reason}); try again when it has finished.",
                      "{path}：另一个 allocate 进程正占用运行登记表（{reason}）；请待其结束后"
                      "再试。"),
    "registry_unusable": ("{path}: cannot use the run registry ({reason}); make the file and "
                          "its folder readable and writable, or move the file away (the "
                          "registry is rebuilt from the run folders).",
                          "{path}：无法使用运行登记表（{reason}）；请使该文件及其目录可读可写，"
                          "或将该文件移走（登记表会根据各运行结果目录重建）。"),
    "registry_undeletable": ("{path}: the run registry is damaged and cannot be deleted "
                             "({reason}); delete it by hand (it is rebuilt from the run "
                             "folders).",
                             "{path}：运行登记表已损坏且无法删除（{reason_zh}）；请手动删除（它会"
                             "根据各运行结果目录重建）。"),
    "manifest_not_regular": ("{path}: skipped, not a regular file (never opened); remove it.",
                             "{path}：已跳过，不是普通文件（未打开）；请删除它。"),
    "manifest_unreadable": ("{path}: skipped, not a readable run manifest ({reason}).",
                            "{path}：已跳过，不是可读取的运行清单（{reason}）。"),
    "json_reason_at": ("{reason}: line {line} column {column} (char {char})",
                       "{reason_zh}：第 {line} 行第 {column} 列"),
    "not_utf8_at": ("{reason}", "不是 UTF-8 文本（第 {position} 个字节为 0x{byte}）"),
    "registry_read_only": ("{root} cannot be written: its run registry is not updated, and the "
                           "runs are listed from their folders.",
                           "{root} 无法写入：其运行登记表未更新，运行列表直接读取自各运行目录。"),
    "registry_rebuilt": ("{path} was damaged and has been rebuilt from the run folders under "
                         "{root}; runs found: {runs}.",
                         "{path} 已损坏，已根据 {root} 下的运行结果目录重建；找到的运行数："
                         "{runs}。"),
    "manifest_kpis_not_object": ("'kpis' is not an object", "“kpis”不是对象"),
    "manifest_entry_misshapen": ("its '{key}' entry is {found}, not {wanted}",
                                 "其中 {key} 一项为 {found_zh}，而非 {wanted_zh}"),
    "manifest_not_run": ("not a run manifest (no 'scenario' and 'solver')",
                         "不是运行清单（没有“scenario”和“solver”）"),
    "run_file_unreadable": ("{path}: cannot be read ({reason}); the run folder is damaged.",
                            "{path}：无法读取该文件（格式有误）；运行结果目录已损坏。"),
    # runs, fits and sweeps (allocator.api, allocator.sweep_folder)
    "base_with_parts": ("--base: a book planned in parts (execution.book) keeps today's books "
                        "only; run without --base.",
                        "--base：分块规划的客户簿（execution.book）只保留当前的客户分配；请去掉 "
                        "--base 再运行。"),
    "no_models_section": ("{path}: the scenario has no 'models' section, so there is nothing "
                          "to fit; add one (column: {{target: ..., features: [...]}}).",
                          "{path}：情景中没有 models 节，因此没有可训练的模型；请添加一节"
                          "（column: {{target: ..., features: [...]}}）。"),
    "no_sweep_to_resume": ("{root}: no interrupted sweep of this scenario with these --vary, "
                           "--zip, --set and --use options to resume; run it without --resume.",
                           "{root}：没有此情景在这些 --vary、--zip、--set 与 --use 选项下中断的"
                           "情景分析可供续算；请去掉 --resume 再运行。"),
    "sweep_resume_other": ("{folder}: the interrupted sweep of this scenario was run with "
                           "{stopped}, and this command gives {given}; to complete it, run it "
                           "with its own options and --resume, or leave out --resume to plan "
                           "this sweep afresh (the interrupted one is kept).",
                           "{folder}：此情景中断的参数扫描使用的是 {stopped}，本命令给出的是 "
                           "{given}；要完成它，请用它自己的选项加 --resume 运行；或去掉 --resume "
                           "重新规划本次参数扫描（中断的参数扫描会保留）。"),
    # the offers table (allocator.book.book)
    "offer_invalid": ("{label}: offer '{offer}': {problem}",
                      "{label}：产品“{offer}”：{problem_zh}"),
    "offer_unknown": ("offers.{offer}: no offer '{offer}' in {label}, and {given} alone is no "
                      "offer (a new one also gives: {missing}).{hint} Its offers: {known}. "
                      "Correct the offer's id, or add the new offer whole.",
                      "offers.{offer}：{label}中没有产品“{offer}”，仅凭 {given} 不构成产品（新增"
                      "产品还需给出：{missing}）。{hint_zh}已有产品：{known}。请改正产品编号，或"
                      "完整地添加新产品。"),
    "offer_set_invalid": ("offers.{offer}: {problem} ({fields} given here, the offer's other "
                          "fields by {label}).",
                          "offers.{offer}：{problem_zh}（此处给出 {fields}，该产品的其余字段"
                          "取自{label}）。"),
    # a generated book (allocator.cli.generate)
    "book_folder_is_file": ("{folder}: is a file, not a folder; give a folder for the book's "
                            "three files (it is made if missing).",
                            "{folder}：这是文件而不是目录；请给出存放客户簿三个文件的目录（不存在"
                            "时会自动创建）。"),
    "option_out_of_range": ("{option}: expected a number from {low} to {high}, got {got}.",
                            "{option}：应为 {low} 到 {high} 之间的数，实际为 {got}。"),
    "book_files_exist": ("{folder}: already holds {files}; choose another folder or pass "
                         "--overwrite.",
                         "{folder}：已有 {files}；请另选目录，或加上 --overwrite。"),
    # benchmark instances (allocator.instances, allocator.campaigns.bigler, cli.imports)
    "no_instance_folder": ("{folder}: no such folder; give the instance's folder (it holds "
                           "table1.csv to table4.csv).",
                           "{folder}：目录不存在；请给出算例所在的目录（其中有 table1.csv 至 "
                           "table4.csv）。"),
    "gap_numbers": ("{path}: expected {expected} numbers for a {m} x {n} GAP instance, found "
                    "{found}.",
                    "{path}：{m} x {n} 的 GAP 算例应有 {expected} 个数，实际有 {found} 个。"),
    "gap_type": ("GAP type {kind}: use one of {types}.",
                 "GAP 类型 {kind}：请使用 {types} 之一。"),
    "gap_name": ("GAP instance {name}: write it as TYPE-AGENTSxJOBS-sSEED, e.g. D-20x200-s1.",
                 "GAP 算例 {name}：请写成“类型-代理数x任务数-s种子”的形式，例如 D-20x200-s1。"),
    "instance_tables_missing": ("{folder}: no {missing}; an instance is the four tables "
                                "{tables} in one folder.",
                                "{folder}：缺少 {missing}；一个算例由同一目录中的四张表 {tables} "
                                "组成。"),
    "unknown_instance_channel": ("unknown channel {channel}; the instances' channels are "
                                 "{channels}.",
                                 "未知的渠道 {channel}；算例中的渠道有 {channels}。"),
    "unknown_rule_type": ("table3.csv: unknown rule type {kind}; the types are {kinds}.",
                          "table3.csv：未知的规则类型 {kind}；规则类型有 {kinds}。"),
    "instance_not_folder": ("{folder}: a file, not a folder; give the instance's folder (it "
                            "holds table1.csv to table4.csv).",
                            "{folder}：这是文件而不是目录；请给出算例所在的目录（其中有 "
                            "table1.csv 至 table4.csv）。"),
    "instance_table_unreadable": ("{path}: cannot be read as a table ({reason}).",
                                  "{path}：无法作为表格读取（{reason}）。"),
    "instance_columns_missing": ("{file}: no column {missing} (its header reads {found}); the "
                                 "table's columns are {columns}: write its header so, the "
                                 "names separated by commas.",
                                 "{file}：缺少字段 {missing}（其表头为 {found}）；该表的字段为"
                                 " {columns}：请照此书写表头，字段名以逗号分隔。"),
    "instance_bad_cells": ("{file}: column {column}, lines {lines}{more}: {problem}.",
                           "{file}：字段 {column}，第 {lines}{more} 行：{problem_zh}。"),
    "instance_bad_cells_one": ("{file}: column {column}, line {lines}{more}: {problem}.",
                               "{file}：字段 {column}，第 {lines}{more} 行：{problem_zh}。"),
    "instance_repeated_pairs": ("table2.csv: columns Customer and Activity: {count} lines give "
                                "a customer an activity it has on another line ({pairs}"
                                "{more}); give each customer an activity once: remove the "
                                "repeated lines, or merge them into one.",
                                "table2.csv：字段 Customer 与 Activity：有 {count} 行给出的客户"
                                "活动已见于另一行（{pairs}{more}）；每位客户的每项活动只能给出"
                                "一次：请删除重复的行，或将其合并为一行。"),
    "instance_repeated_pair": ("customer {customer}, activity {activity} on lines {lines}",
                               "客户 {customer} 的活动 {activity}：第 {lines_zh} 行"),
    "instance_refused_cell": ("{file}: column {column}, line {line}: {problem} (the scenario's "
                              "{key}); correct the table.",
                              "{file}：字段 {column}，第 {line} 行：{problem_zh}（即情景中的 "
                              "{key}）；请更正该表。"),
    "instance_refused_line": ("{file}: line {line}: {problem} (the scenario's {key}); correct "
                              "the table.",
                              "{file}：第 {line} 行：{problem_zh}（即情景中的 {key}）；请更正该"
                              "表。"),
    "instance_refused_key": ("the scenario the instance makes: {key}: {problem}; correct the "
                             "tables.",
                             "由该算例生成的情景：{key}：{problem_zh}；请更正各表。"),
    "instance_no_rows": ("{file}: holds its header alone; an instance has at least one "
                         "activity (table1.csv) and one customer eligible for one "
                         "(table2.csv).",
                         "{file}：只有表头；一个算例至少有一项活动（table1.csv）和一位可参与"
                         "活动的客户（table2.csv）。"),
    "instance_blank": ("blank", "为空"),
    "instance_not_number": ("not a finite number", "不是有限的数"),
    "instance_huge": ("beyond ±{largest}, the largest a scenario and its data take",
                      "超出 ±{largest}，即情景及其数据所取数值的范围"),
    "instance_not_whole": ("not a whole number", "不是整数"),
    "instance_out_of_range": ("outside 0 to 1,000,000", "不在 0 至 1,000,000 之间"),
    "instance_id_twice": ("the same id as an earlier line", "与前面某行的编号重复"),
    "instance_unknown_activity": ("no such activity in table1.csv",
                                  "table1.csv 中没有这一活动"),
    "instance_not_probability": ("a probability lies between 0 and 1", "概率应在 0 与 1 之间"),
    "instance_unknown_product": ("a product no activity of table1.csv targets (or ALL)",
                                 "table1.csv 中没有活动针对该产品（或应为 ALL）"),
    # the system's reasons, as errno names them (allocator.errors.os_reason)
    "os_ENOENT": ("No such file or directory", "文件或目录不存在"),
    "os_EACCES": ("Permission denied", "权限不足"),
    "os_EPERM": ("Operation not permitted", "不允许的操作"),
    "os_EEXIST": ("File exists", "文件已存在"),
    "os_ENOTDIR": ("Not a directory", "不是目录"),
    "os_EISDIR": ("Is a directory", "是一个目录"),
    "os_ENOSPC": ("No space left on device", "设备上没有剩余空间"),
    "os_EDQUOT": ("Disk quota exceeded", "超出磁盘配额"),
    "os_EROFS": ("Read-only file system", "只读文件系统"),
    "os_ENAMETOOLONG": ("File name too long", "文件名过长"),
    "os_ELOOP": ("Too many levels of symbolic links", "符号链接层数过多"),
    "os_EIO": ("Input/output error", "输入输出错误"),
    "os_EBUSY": ("Device or resource busy", "设备或资源忙"),
    "os_ENOTEMPTY": ("Directory not empty", "目录非空"),
    "os_EMFILE": ("Too many open files", "打开的文件过多"),
    "os_EXDEV": ("Invalid cross-device link", "无效的跨设备链接"),
    # a fault nobody raised on purpose (allocator.cli.common.crash)
    "unexpected_fault": ("unexpected {kind}{summary}; {where}",
                         "意外错误；{where_zh}"),
    "crash_log_written": ("the full traceback is in {log} (readable only by you)",
                          "完整的回溯信息在 {log}（仅您本人可读）"),
    "crash_log_failed": ("no log could be written ({reason})", "无法写出日志（{reason_zh}）"),
    # a library's words a Chinese message does not repeat (allocator.cli.common.fail)
    "library_log_written": ("the library's own words are in {log}",
                            "所用程序库给出的英文原文已写入 {log}（仅您本人可读）。"),
    "library_log_failed": ("the library's own words could not be written to a log",
                           "所用程序库给出的英文原文无法写入日志（{reason_zh}）。"),
}
"""Message key -> (English, Chinese)."""
