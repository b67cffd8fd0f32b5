"""The messages of errors met where a run reaches beyond its scenario: the addresses of a
database server and of a Dask scheduler, the Dask cluster, the PDF printer, a run folder's
files, the Python entry points' arguments; in English and Simplified Chinese, part of the
error catalogue (error_words)."""

from __future__ import annotations

TOOL_ERROR_MESSAGES: dict[str, tuple[str, str]] = {
    # addresses (allocator.database_address, allocator.scheduler_address)
    "db_url_missing": ("{path}: data.{name} is a PostgreSQL query but no server address is "
                       "given; give it with --db-url URL or in {variable}, or write it as {key} "
                       "in the scenario and pass --scenario-db-url if you trust this file.",
                       "{path}：data.{name} 是 PostgreSQL 查询，但没有给出服务器地址；请用 "
                       "--db-url URL 或环境变量 {variable} 给出，或在情景中写成 {key} 并在信任"
                       "该文件时加上 --scenario-db-url。"),
    "db_url_from_file": ("{origin}: {key} is not taken from a scenario file, as the database "
                         "password would be sent to the server it names; give the address with "
                         "--db-url URL or in {variable}, or pass --scenario-db-url if you trust "
                         "this file.",
                         "{origin}：不从情景文件读取 {key}，否则数据库密码会发往其指定的服务器；"
                         "请用 --db-url URL 或环境变量 {variable} 给出地址，或在信任该文件时加上 "
                         "--scenario-db-url。"),
    "dask_address_from_file": ("{origin}: {key} is not taken from a scenario file, as Dask runs "
                               "the code its scheduler sends; give the address with --dask "
                               "ADDRESS or in {variable}, or pass --scenario-address if you "
                               "trust this file.",
                               "{origin}：不从情景文件读取 {key}，因为 Dask 会运行其调度器发来的"
                               "代码；请用“--dask 地址”或环境变量 {variable} 给出地址，或在信任该"
                               "文件时加上 --scenario-address。"),
    # the Dask cluster (allocator.cluster)
    "connect_seconds": ("{variable}={text}: give a number of seconds from 0 to 86400 (e.g. "
                        "10), or unset it.", "{variable}={text}：请给出 0 至 86400 之间的秒数"
                        "（例如 10），或取消该设置。"),
    "not_scheduler_address": ("{address}: not a Dask scheduler address ({reason}); give one "
                              "such as tcp://host:8786 with --dask or ALLOCATOR_DASK_ADDRESS.",
                              "{address}：不是 Dask 调度器地址（{reason}）；请用 --dask 或 "
                              "ALLOCATOR_DASK_ADDRESS 给出，例如 tcp://host:8786。"),
    "scheduler_unreachable": ("cannot reach the Dask scheduler at {address} ({reason}); check "
                              "that the scheduler is running (`dask scheduler`, with `dask "
                              "worker ADDRESS`) and that this machine can reach it (host, port, "
                              "network, firewall), and the address given by --dask or "
                              "ALLOCATOR_DASK_ADDRESS (or execution.address).",
                              "无法连接到 {address} 上的 Dask 调度器（{reason}）；请确认调度器正在"
                              "运行（`dask scheduler`，并有 `dask worker 地址`）、本机可以访问它"
                              "（主机、端口、网络、防火墙），并检查 --dask 或 "
                              "ALLOCATOR_DASK_ADDRESS（或 execution.address）给出的地址。"),
    "worker_died": ("a Dask worker died while {what} ({reason}); nothing was written. Re-run "
                    "once the cluster is healthy.",
                    "运行中有 Dask 工作节点退出（{reason}）；未写出任何内容。请在集群恢复正常后"
                    "重新运行。"),
    "cluster_lost": ("lost the Dask cluster while {what} ({reason}); nothing was written. "
                     "Re-run once the cluster is healthy.",
                     "运行中失去了与 Dask 集群的连接（{reason}）；未写出任何内容。请在集群恢复"
                     "正常后重新运行。"),
    "workers_left": ("a Dask worker died while {what} ({workers} left); nothing was written. "
                     "Re-run once the cluster is healthy.",
                     "运行中有 Dask 工作节点退出（{workers} 已离开）；未写出任何内容。请在集群"
                     "恢复正常后重新运行。"),
    # printing a report (allocator.report.pdf)
    "pdf_needs_playwright": ("--pdf needs Playwright: pip install playwright (no browser "
                             "download is needed; it drives the Chromium given by --chromium).",
                             "--pdf 需要 Playwright：pip install playwright（无需下载浏览器；它"
                             "驱动 --chromium 给出的 Chromium）。"),
    "pdf_no_chromium": ("--pdf: no Chromium at {chromium}; install it (`make browser`), or give "
                        "its path with --chromium or ALLOCATOR_CHROMIUM.",
                        "--pdf：{chromium} 处没有 Chromium；请安装（`make browser`），或用 "
                        "--chromium 或 ALLOCATOR_CHROMIUM 给出其路径。"),
    "pdf_not_printed": ("--pdf: Chromium at {chromium} could not print {html} ({reason}).",
                        "--pdf：{chromium} 处的 Chromium 无法打印 {html}（{reason}）。"),
    "pdf_no_report": ("{folder}: no report.html; is this a run folder?",
                      "{folder}：没有 report.html；这是运行结果目录吗？"),
    "pdf_no_hashes": ("{folder}: its manifest records no file hashes (written by an older "
                      "allocator); plan the scenario again to print its report.",
                      "{folder}：其清单文件没有记录文件哈希（由旧版本写出）；请重新规划该情景后"
                      "再打印报告。"),
    "pdf_folder_changed": ("{folder}: {file} {detail}; report.pdf is not written (run "
                           "`allocate verify {folder}`).",
                           "{folder}：{file} 与运行写出时不同；未写出 report.pdf（请运行 "
                           "`allocate verify {folder}`）。"),
    "report_folder_changed": ("{folder}: {file} {detail}; its reports are not those of the run "
                              "(run `allocate verify {folder}`).",
                              "{folder}：{file} 与运行写出时不同；其报告已不是该运行的报告（请运行 "
                              "`allocate verify {folder}`）。"),
    "runs_unknown_status": ("--status {status}: no run has this status; give one of "
                            "{statuses}.",
                            "--status {status}：没有运行处于此状态；请给出以下之一：{statuses}。"),
    "explain_folder_changed": ("{folder}: {file} {detail}; a changed run is not explained "
                               "(run `allocate verify {folder}`).",
                               "{folder}：{file} 与运行写出时不同；已更改的运行结果不作解释"
                               "（请运行 `allocate verify {folder}`）。"),
    # run folders (allocator.run_folder)
    "run_file_special": ("{path}: not a regular file (a pipe, a device or a folder); the run "
                         "folder is damaged.",
                         "{path}：不是普通文件（而是管道、设备或目录）；运行结果目录已损坏。"),
    # models (allocator.classifiers)
    "model_too_few_rows": ("{label}: model '{column}': target '{target}' has {rows} labelled "
                           "rows, showing {outcomes} of its two outcomes; a model needs at least "
                           "{least} rows with both outcomes.",
                           "{label}：模型“{column}”：目标“{target}”只有 {rows} 行已标注数据、"
                           "{outcomes} 种结果；模型至少需要 {least} 行且两种结果都有。"),
    "model_columns": ("{label}: model '{column}' reads columns the table lacks: {hints}. Fix "
                      "models.{column}.target / features in the scenario.",
                      "{label}：模型“{column}”读取的字段表中没有：{hints}。请修改情景中的 "
                      "models.{column}.target / features。"),
    "model_target_values": ("{label}: model '{column}': target '{target}' must be 0/1 (or "
                            "yes/no); {rows} rows hold other values.",
                            "{label}：模型“{column}”：目标“{target}”须为 0/1（或 yes/no）；有 "
                            "{rows} 行为其他取值。"),
    # public data sets (allocator.adapters)
    "dataset_not_folder": ("data.dataset.path: {folder} is not a folder. The public data sets "
                           "live in ../shared/data beside the project; point 'path' at the "
                           "'{adapter}' set's folder.",
                           "data.dataset.path：{folder} 不是目录。公开数据集位于项目旁的 "
                           "../shared/data；请将 path 指向“{adapter}”数据集的目录。"),
    "dataset_file_missing": ("{path}: missing; the data set's folder should hold {name} (see "
                             "its SOURCE.md).", "{path}：缺失；数据集目录中应有 {name}（见其 "
                             "SOURCE.md）。"),
    "dataset_file_unreadable": ("{path}: cannot read it ({reason}); check its permissions.",
                                "{path}：无法读取（{reason}）；请检查其权限。"),
    "dataset_file_damaged": ("{path}: cannot read it as the data set's file ({reason}); "
                             "download it again as its SOURCE.md says.",
                             "{path}：无法按数据集文件读取（{reason}）；请按其 SOURCE.md 的说明"
                             "重新下载。"),
    # a campaign calendar's activities (allocator.campaigns.activities)
    "activity_unknown_offer": ("{key}: unknown offer '{offer}'.{hint} The offers are: {known}.",
                               "{key}：未知的产品“{offer}”。{hint_zh}已有产品：{known}。"),
    "activity_offer_counted": ("{key}: offer '{offer}' has a quota or minimum, which count "
                               "single offers; under a calendar state them in "
                               "calendar.channel_limits or calendar.sales (set the offer's quota "
                               "to null and minimum to 0).",
                               "{key}：产品“{offer}”设有配额或最低量，它们按单次营销计数；使用营销"
                               "日历时，请改在 calendar.channel_limits 或 calendar.sales 中给出"
                               "（并将该产品的 quota 设为 null、minimum 设为 0）。"),
    "activity_unknown_product": ("{key}: no activity promotes product '{product}'.{hint} The "
                                 "products are: {known}.",
                                 "{key}：没有活动推广产品“{product}”。{hint_zh}已有产品：{known}。"),
    # the Python entry points' arguments (allocator.api_arguments)
    "api_text_list": ("{name}={got}: give a list of texts, one per {option} as on the command "
                      "line, e.g. {name}=[{example}].",
                      "{name}={got}：请给出文字的列表，每项对应命令行上的一个 {option}，例如 "
                      "{name}=[{example}]。"),
    "api_path": ("{name}={got}: give a path that is not blank, as a text or a pathlib.Path.",
                 "{name}={got}：请给出非空白的路径（文字或 pathlib.Path）。"),
    "api_blank_path": ("{name}={got}: the path is empty or blank: give one, or leave {name} "
                       "out for its default.",
                       "{name}={got}：路径为空或空白：请给出路径，或省略 {name} 以用其默认值。"),
    "api_not_table": ("frame={got}: give a table, a pandas DataFrame (such as "
                      "run.outcome.plan.assignments).",
                      "frame={got}：请给出表格，即 pandas DataFrame（如 "
                      "run.outcome.plan.assignments）。"),
    "api_language": ("language={got}: give en or zh.", "language={got}：请给出 en 或 zh。"),
    "api_not_fitted": ("{name}={got}: give what api.fit returned (fitted = "
                       "api.fit(SCENARIO)).",
                       "{name}={got}：请给出 api.fit 的返回值（fitted = api.fit(情景文件)）。"),
    "api_not_scenario": ("{name}={got}: give a scenario, such as fitted.scenario.",
                         "{name}={got}：请给出情景，如 fitted.scenario。"),
    "api_no_models": ("scenario: it has no models to compare (no 'models' section); give the "
                      "scenario that was fitted, fitted.scenario.",
                      "scenario：其中没有可比较的模型（没有“models”部分）；请给出训练时所用的情景，"
                      "即 fitted.scenario。"),
    "api_method_list": ("methods={got}: give a list of methods, each one of {known}, e.g. "
                        "methods={example}.",
                        "methods={got}：请给出方法的列表，每项为 {known_zh} 之一，例如 "
                        "methods={example}。"),
    "api_unknown_method": ("methods: unknown method '{method}'.{hint} The methods are: {known}.",
                           "methods：未知的方法“{method}”。{hint_zh}可用的方法：{known_zh}。"),
}
"""Message key -> (English, Chinese)."""
