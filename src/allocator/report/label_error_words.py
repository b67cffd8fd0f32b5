"""The messages of errors about tier names, labels and previous tiers, in English and
Simplified Chinese (merged into report/error_words.py)."""

from __future__ import annotations

LABEL_ERROR_MESSAGES: dict[str, tuple[str, str]] = {
    "data_unknown_previous_tier": (
        "{rows} rows name previous tiers the scenario does not know ({values}; the tiers are "
        "{tiers})",
        "{rows} 行所列原层级不在情景的层级中（{values}；层级为 {tiers}）"),
    "data_unknown_previous_tier_fix": (
        "name the scenario's tiers in the column (or leave it blank for new customers), or "
        "rename the scenario's tiers to match.",
        "请在该列填写情景的层级（新客户留空），或将情景的层级改为与之相同的名称。"),
    "no_reports_folder": ("{folder}: no such folder; give the reports folder the runs were "
                          "written to (the scenario's output.dir) with --reports.",
                          "{folder}：目录不存在；请以 --reports 给出运行结果所在的报告目录"
                          "（情景的 output.dir）。"),
    "reports_is_file": ("{folder}: is a file, not a folder; give the reports folder the runs "
                        "were written to (the scenario's output.dir) with --reports.",
                        "{folder}：是文件而不是目录；请以 --reports 给出运行结果所在的报告目录"
                        "（情景的 output.dir）。"),
    # labels that would make two things read as one (allocator.scenario.label_clashes)
    "label_names_other": ("{key}: '{id}' is also one of the {others}, which labels.{other_kind} "
                          "does not name ({language}), and the reports show an id by one name "
                          "wherever it stands: there too it would read '{name}'. Name it the "
                          "same under labels.{other_kind}, or give one of the two another id.",
                          "{key}：“{id}”也是{others}之一，而 labels.{other_kind} 未为其命名"
                          "（{language}）；报告中同一编号在各处只显示一个名称，在那里它也会显示为"
                          "“{name}”。请在 labels.{other_kind} 下为其取相同的名称，或为二者之一改用"
                          "其他编号。"),
    "label_reads_as": ("{key}: '{id}' would read '{name}' ({language}), as '{other}' among the "
                       "{others} does: the reports could not tell the two apart. Give it a name "
                       "of its own.",
                       "{key}：“{id}”将显示为“{name}”（{language}），与{others}中的“{other}”"
                       "相同：报告中无法区分二者。请为其另取名称。"),
    "label_unknown_id": ("{key}: '{id}' is none of the {kinds} of the scenario and its data "
                         "({known}), so the label names nothing.{hint} Label one of those by "
                         "its id, or leave the label out.",
                         "{key}：“{id}”不在情景及其数据的{kinds}之中（{known}），该名称无所指。"
                         "{hint_zh}请按编号为其中之一命名，或删去该名称。"),
    "label_no_ids": ("{key}: the scenario and its data have no {kinds}, so the label of '{id}' "
                     "names nothing; leave the label out.",
                     "{key}：情景及其数据中没有{kinds}，“{id}”的名称无所指；请删去该名称。"),
    "label_kind_tiers": ("tiers", "层级"),
    "label_kind_packages": ("service packages", "服务包"),
    "label_kind_grades": ("RM grades", "客户经理职级"),
    "label_kind_channels": ("channels", "渠道"),
    "label_kind_offers": ("offers", "产品"),
    "label_kind_regions": ("regions", "区域"),
    "label_kind_calendar": ("calendar's activities and rules", "营销日历的活动与规则"),
    "label_kind_models": ("models", "模型"),
    "label_kind_columns": ("customer columns", "客户列"),
    "label_kind_overrides": ("named overrides", "命名调整项"),
    "generated_offer_tiers": ("{label}: {reason} Set offers.{offer}.eligible_tiers in the "
                              "scenario to name its tiers.",
                              "{label_zh}：{reason_zh}请在情景中设置 "
                              "offers.{offer}.eligible_tiers，写明其层级。"),
    "generated_book": ("generated book ({customers:,} customers, seed {seed})",
                       "生成的客户群（{customers:,} 位客户，种子 {seed}）"),
    "dataset_source": ("data set {path} ({adapter} adapter)",
                       "数据集 {path}（{adapter} 适配器）"),
    "add_rms_no_region_named": ("rules.add_rms.{grade}.{region}: no RM works in region "
                                "'{region}'; the regions are {known} (by id or label).{hint}",
                                "rules.add_rms.{grade}.{region}：没有客户经理在区域“{region}”工作；"
                                "已有区域：{known_zh}（可写编号或名称）。{hint_zh}"),
    # the command line's usage errors (allocator.cli.usage_words), read back in Chinese
    "usage_missing_argument": ("Missing argument '{name}'.", "缺少参数“{name}”。"),
    "usage_missing_option": ("Missing option '{name}'.", "缺少选项“{name}”。"),
    "usage_no_such_option": ("No such option: {name}", "没有此选项：{name}"),
    "usage_no_such_command": ("No such command '{name}'.", "没有此命令“{name}”。"),
    "usage_extra_arguments": ("Got unexpected extra argument{plural} ({name})",
                              "多余的参数（{name}）"),
    "usage_path_options": (". This command takes no argument: a folder or file is given "
                           "after its option ({options}).",
                           "。此命令不接受参数：文件夹或文件应写在其选项之后（{options}）。"),
    "usage_vary_in_sweep": (". To plan several values of a key, use\n"
                            "`allocate sweep SCENARIO --vary KEY=V1,V2`.",
                            "。如要规划一个键的多个取值，请用\n"
                            "`allocate sweep 情景文件 --vary 键=值1,值2`。"),
    "usage_language_by_set": (". The language is the scenario's: use\n"
                              "`--set output.language={language}`.",
                              "。语言由情景设定，请用\n`--set output.language={language}`。"),
    "usage_language_of_run": (". The language is the run's, as its scenario set it: for "
                              "reports in another, plan the scenario again with\n"
                              "`--set output.language={language}`.",
                              "。语言由运行设定，即其情景所设的语言：如要另一种语言的报告，请重新规划"
                              "该情景，并用\n`--set output.language={language}`。"),
    "usage_language_of_plan": (". What this command writes has no language; a plan's is its "
                               "scenario's: plan it with\n`--set output.language={language}`.",
                               "。此命令写出的文件不分语言；方案的语言由情景设定，规划时请用\n"
                               "`--set output.language={language}`。"),
    "usage_invalid_value": ("Invalid value for {name}: {reason}",
                            "{name} 的取值无效：{reason}"),
    "usage_prefix": ("Error: ", "错误："),
    "empty_argument": ("the value after {after} is empty or blank: give one, or leave {after} "
                       "out for its default (an unset variable?).",
                       "{after} 之后的取值为空或空白：请给出取值，或省略 {after} 以用其默认值（是否"
                       "引用了未设置的变量？）。"),
    "empty_argument_alone": ("the argument after '{after}' is empty or blank: give it (an unset "
                             "variable?).",
                             "“{after}”之后的参数为空或空白：请给出该参数（是否引用了未设置的"
                             "变量？）。"),
    "usage_possible": (" (Possible options: {options})", "（可用的选项：{options}）"),
    "usage_did_you_mean": (" Did you mean {option}?", "（是否想输入 {option}？）"),
    "usage_help": ("Try '{command} --help' for help.", "运行“{command} --help”查看用法。"),
}
"""Message key -> (English, Chinese)."""
