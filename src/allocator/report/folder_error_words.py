"""The messages of what verify finds in a run folder's own files (its manifest's hashes, the
CSV tables, plan.xlsx and the pages) against the plan and the checker; in English and Simplified
Chinese, part of the error catalogue (error_words)."""

from __future__ import annotations

FOLDER_ERROR_MESSAGES: dict[str, tuple[str, str]] = {
    # a run folder's own files, as verify finds them (allocator.folder_check, workbook_check)
    "files_unhashed": ("files not checked against hashes: this manifest records none (written "
                       "by an older allocator)",
                       "未按哈希值核对文件：此清单没有记录任何哈希值（由较早版本的 allocator "
                       "写出）"),
    "pages_other_renderer": ("summary.md and report.html were written by another version of "
                             "allocator: checked by hash only (plan.xlsx by its figures and "
                             "hash)",
                             "summary.md 和 report.html 由另一版本的 allocator 写出：仅按哈希值"
                             "核对（plan.xlsx 按其数字和哈希值核对）"),
    "sweep_page_other_renderer": ("the sweep's report.html was written by another version of "
                                  "allocator: checked by hash only",
                                  "扫描的 report.html 由另一版本的 allocator 写出：仅按哈希值"
                                  "核对"),
    "files_manifest_edited": ("lacks the SHA-256 of the run's files (its '{key}' key), which "
                              "every run folder of format {format} records: the manifest was "
                              "edited; the files cannot be trusted",
                              "缺少各运行文件的 SHA-256（“{key}”键），而格式 {format} 的运行结果"
                              "目录都会记录它：清单已被修改，这些文件不可信"),
    "file_not_regular": ("not a regular file (a pipe, a device or a folder) where the run "
                         "wrote a file",
                         "运行在此写出的是文件，现在却不是普通文件（而是管道、设备或目录）"),
    "file_missing": ("missing: the run wrote it, it is gone", "缺失：运行写出过该文件，现已不在"),
    "manifest_damaged": ("damaged ({reason}): it holds the hashes of the run's other "
                         "files, which cannot be checked without it; the folder cannot be "
                         "trusted. Re-run the scenario to write the plan again.",
                         "已损坏（{reason}）：它记录了运行其他文件的哈希值，没有它便无法校验这些文件；"
                         "该目录不可信。请重新运行情景以重新写出方案。"),
    "sweep_description_damaged": ("damaged ({reason}): it holds the hashes of the sweep's "
                                  "own files, which cannot be checked without it; the sweep "
                                  "folder cannot be trusted.",
                                  "已损坏（{reason}）：它记录了扫描自身各文件的哈希值，没有它便"
                                  "无法校验这些文件；该扫描目录不可信。"),
    "file_changed": ("changed since the run wrote it (its SHA-256 differs from the one in "
                     "manifest.json)",
                     "运行写出后已被修改（其 SHA-256 与 manifest.json 中记录的不同）"),
    "manifest_field_differs": ("its '{field}' ({have}) differs from the saved scenario's "
                               "{key} ({want}), which the run wrote it from: the manifest was "
                               "edited; the field cannot be trusted",
                               "其“{field}”（{have}）与保存的情景中的 {key}（{want}）不一致，而运行"
                               "正是据此写出该字段：清单已被修改，该字段不可信"),
    "manifest_fields_registered": ("its fields {fields} differ from those {registry} "
                                   "registered when the run was written: the manifest was "
                                   "edited since; those fields cannot be trusted",
                                   "其字段 {fields} 与运行写出时 {registry} 登记的不一致：清单此后"
                                   "已被修改，这些字段不可信"),
    "manifest_fields_edited": ("edited after the run: its fields {fields} differ from its own "
                               "digest ('{key}'); those fields cannot be trusted",
                               "在运行后已被修改：其字段 {fields} 与其自身的摘要（“{key}”）不一致，"
                               "这些字段不可信"),
    "manifest_field_removed": ("{field} (removed)", "{field}（已删除）"),
    "manifest_field_added": ("{field} (added)", "{field}（新增）"),
    "manifest_edited": ("edited after the run: its content differs from its own digest "
                        "('{key}'); its fields cannot be trusted",
                        "在运行后已被修改：其内容与其自身的摘要（“{key}”）不一致，其字段不可信"),
    "manifest_digest_missing": ("edited after the run: it lacks its own digest ('{key}'), "
                                "which every manifest of format {format} holds; its fields "
                                "cannot be trusted",
                                "在运行后已被修改：缺少其自身的摘要（“{key}”），而格式 {format} "
                                "的清单都有此摘要；其字段不可信"),
    "manifest_format_mismatch": ("edited after the run: it declares format {format} but holds "
                                 "{fields}, which no manifest before format {since} holds (its "
                                 "format was set back); its fields cannot be trusted",
                                 "在运行后已被修改：它声明为格式 {format}，却含有 {fields}，而格式 "
                                 "{since} 之前的清单都没有这些字段（其格式被改回了旧版本）；其字段"
                                 "不可信"),
    "raw_not_recomputed": ("tiers not recomputed: {why}; the plan was checked against the "
                           "tiered book saved in the run folder",
                           "未重新计算分层：{why}；方案已与运行目录中保存的已分层客户簿核对"),
    "raw_part_count": ("the customer data no longer has the run's {count} files",
                       "客户数据已不再是本次运行的 {count} 个文件"),
    "raw_unread": ("tiers not recomputed: the raw data could not be read again ({reason})",
                   "未重新计算分层：无法再次读取原始数据（{reason}）"),
    "raw_server": ("the {role} data comes from a PostgreSQL server, which verify does not read "
                   "again; its copy in the run folder was checked against its SHA-256 in "
                   "manifest.json",
                   "data.{role} 的数据来自 PostgreSQL 服务器，校验不会再次读取；运行目录中的"
                   "副本已按 manifest.json 中的 SHA-256 核对"),
    "raw_server_rows": ("the {role} data comes from a PostgreSQL server ({rows} rows of "
                        "{server}/{database}), which verify does not read again; its copy in "
                        "the run folder was checked against its SHA-256 in manifest.json",
                        "data.{role} 的数据来自 PostgreSQL 服务器（{server}/{database} 的 "
                        "{rows} 行），校验不会再次读取；运行目录中的副本已按 manifest.json "
                        "中的 SHA-256 核对"),
    "raw_not_recorded": ("manifest.json does not record the path and hash of the {role} data",
                         "manifest.json 未记录 data.{role} 数据的路径与哈希值"),
    "raw_gone": ("the {role} data {path} is no longer there",
                 "data.{role} 的数据 {path} 已不存在"),
    "raw_changed": ("the {role} data {path} has changed since the run (its SHA-256 is not the "
                    "one in manifest.json)",
                    "data.{role} 的数据 {path} 在运行后已改变（其 SHA-256 与 manifest.json 中"
                    "的不同）"),
    "manifest_newer_format": ("manifest.json states format {format}, newer than the {known} "
                              "this allocator reads: checked as format {known}; what a newer "
                              "format adds is not checked, so verify it with the allocator "
                              "that wrote it",
                              "manifest.json 声明的格式为 {format}，新于本版 allocator 可读的 "
                              "{known}：已按格式 {known} 核对；较新格式新增的内容未核对，请用写出"
                              "它的 allocator 版本核对"),
    "manifest_undigested": ("manifest.json holds no digest of its own (written by an older "
                            "allocator): its fields are checked only against the saved "
                            "scenario and the run registry",
                            "manifest.json 没有其自身的摘要（由较早版本的 allocator 写出）：其"
                            "字段仅与保存的情景及运行登记表核对"),
    "file_unlisted": ("not listed in manifest.json's '{key}', though a run writes it: the "
                      "manifest was edited; the file cannot be trusted",
                      "未列在 manifest.json 的“{key}”中，而运行会写出该文件：清单已被修改，该"
                      "文件不可信"),
    "sweep_row_unreadable": ("cannot be read ({reason})", "无法读取（格式有误）"),
    "sweep_point_gone": ("point {point}: its run folder {folder} is gone or damaged",
                         "第 {point} 点：其运行结果目录 {folder} 缺失或已损坏"),
    "sweep_figure_differs": ("point {point}: '{column}' reads {shown}, its run folder's "
                             "manifest.json {recorded} ({folder})",
                             "第 {point} 点：“{column}”为 {shown}，而其运行结果目录的 "
                             "manifest.json 为 {recorded}（{folder}）"),
    "workbook_foreign_part": ("holds {part}, which no run writes (a comment, a macro or a "
                              "link to another file)",
                              "含有运行不会写出的部件 {part}（批注、宏或指向其他文件的链接）"),
    "workbook_formula": ("holds a formula ({part}), which no run writes",
                         "含有运行不会写出的公式（{part}）"),
    "workbook_hidden_sheet": ("sheet '{sheet}' is hidden; the run hides no sheet",
                              "工作表“{sheet}”被隐藏；运行不会隐藏任何工作表"),
    "workbook_hyperlink": ("sheet '{sheet}': a hyperlink or external link; the run writes "
                           "none",
                           "工作表“{sheet}”：含有超链接或外部链接；运行不会写出链接"),
    "workbook_external_link": ("part {part}: a hyperlink or a link outside the workbook; the "
                               "run writes none",
                               "部件 {part}：含有超链接或指向工作簿之外的链接；运行不会写出链接"),
    "workbook_protection": ("sheet '{sheet}': protected; the run protects no sheet or workbook",
                            "工作表“{sheet}”：设有保护；运行不会保护任何工作表或工作簿"),
    "workbook_row_height": ("sheet '{sheet}': a row height is set; the run sets none (a row "
                            "a fraction of a point high is as good as hidden)",
                            "工作表“{sheet}”：设置了行高；运行不会设置行高（极小的行高等于"
                            "隐藏该行）"),
    "workbook_column_width": ("sheet '{sheet}': a column {width} wide; the run writes columns "
                              "2 to 60 wide",
                              "工作表“{sheet}”：某列宽度为 {width}；运行写出的列宽在 2 到 60 "
                              "之间"),
    "workbook_defined_name": ("a defined name the run never writes (it names only its filters "
                              "and print titles)",
                              "含有运行不会写出的定义名称（运行只为筛选和打印标题命名）"),
    "workbook_cell_style": ("sheet '{sheet}', cell {cell}: a font, fill or alignment the run "
                            "never writes (a white or tiny font, a strike, a fill or an indent "
                            "can hide or change what a cell shows)",
                            "工作表“{sheet}”单元格 {cell}：使用了运行不会写出的字体、填充或"
                            "对齐方式（白色或极小的字体、删除线、填充或缩进可能隐藏或改变单元格"
                            "所显示的内容）"),
    "workbook_sheet_view": ("sheet '{sheet}': its view (zoom, frozen panes, selection, "
                            "gridlines, the tab selected) is not the one the run writes: "
                            "{detail}",
                            "工作表“{sheet}”：视图（缩放、冻结窗格、选定区域、网格线、选中的标签）"
                            "与运行写出的不同：{detail}"),
    "workbook_view_detail": ("{element} {attribute} {found} (the run writes {wanted})",
                             "{element} {attribute} 为 {found}（运行写出的为 {wanted}）"),
    "workbook_filter_range": ("sheet '{sheet}': its filter covers {found}; the run's covers "
                              "{wanted}",
                              "工作表“{sheet}”：筛选范围为 {found}；运行写出的为 {wanted}"),
    "workbook_sheet_properties": ("sheet '{sheet}': its tab colour or sheet properties are not "
                                  "those the run writes: {detail}",
                                  "工作表“{sheet}”：标签颜色或工作表属性与运行写出的不同：{detail}"),
    "workbook_default_sizes": ("sheet '{sheet}': its default row height or column width is "
                               "not the run's: {detail}",
                               "工作表“{sheet}”：默认行高或列宽与运行写出的不同：{detail}"),
    "workbook_print_setup": ("sheet '{sheet}': its print setup (paper, orientation, scaling, "
                             "margins, header, footer or page breaks) is not the run's: {detail}",
                             "工作表“{sheet}”：打印设置（纸张、方向、缩放、页边距、页眉、页脚或"
                             "分页符）与运行写出的不同：{detail}"),
    "workbook_foreign_element": ("sheet '{sheet}': it holds a {element} element (merged "
                                 "cells, a drawing, a picture or a table, say), which the run "
                                 "never writes",
                                 "工作表“{sheet}”：含有 {element} 元素（例如合并单元格、绘图、"
                                 "图片或表格），运行从不写入"),
    "workbook_window": ("the workbook's window (the sheet it opens on, the first tab shown, "
                        "the tabs bar) is not the one the run writes: {detail}",
                        "工作簿窗口（打开时显示的工作表、第一个可见标签、标签栏）与运行写出的不同："
                        "{detail}"),
    "workbook_print_names": ("the workbook's print titles or filter ranges (its defined names) "
                             "are not those the run writes: {detail}",
                             "工作簿的打印标题或筛选范围（已定义名称）与运行写出的不同：{detail}"),
    "workbook_theme": ("the workbook's theme (the colours and fonts its cells take) is not the "
                       "one the run writes",
                       "工作簿主题（单元格所用的颜色与字体）与运行写出的不同"),
    "workbook_hidden_row": ("sheet '{sheet}': row {row} is hidden; the run hides no row",
                            "工作表“{sheet}”：第 {row} 行被隐藏；运行不会隐藏任何行"),
    "workbook_hidden_column": ("sheet '{sheet}': column {column} is hidden; the run hides no "
                               "column",
                               "工作表“{sheet}”：第 {column} 列被隐藏；运行不会隐藏任何列"),
    "workbook_number_format": ("sheet '{sheet}', cell {cell}: shown with the number format "
                               "{format}, which the run never writes (a format can show a "
                               "number other than the cell's value)",
                               "工作表“{sheet}”单元格 {cell}：使用了运行不会写出的数字格式 "
                               "{format}（格式可使显示的数字与单元格的值不同）"),
    "workbook_conditional_format": ("sheet '{sheet}' has a conditional format, which the run "
                                    "never writes",
                                    "工作表“{sheet}”含有运行不会写出的条件格式"),
    "workbook_data_validation": ("sheet '{sheet}' has a data validation, which the run never "
                                 "writes",
                                 "工作表“{sheet}”含有运行不会写出的数据验证"),
    "workbook_filter_criterion": ("sheet '{sheet}' has a filter criterion that hides rows, "
                                  "which the run never writes",
                                  "工作表“{sheet}”含有运行不会写出的、会隐藏行的筛选条件"),
    "workbook_sheets_differ": ("its sheets are {found}; the run wrote {wanted}",
                               "其工作表为 {found}；运行写出的是 {wanted}"),
    "sweep_page_unwritten": ("cannot be written again from the sweep's tables: {reason}",
                             "无法根据扫描的表格重新写出：{reason}"),
    "html_line_differs": ("line {line}, under '{section}', reads '{found}' where the page "
                          "the run folder writes reads '{want}'",
                          "第 {line} 行（“{section}”下）为“{found}”，按运行文件夹重写的页面"
                          "应为“{want}”"),
    "html_unwritten": ("cannot be written again from manifest.json's '{record}' record: the "
                       "manifest was edited",
                       "无法根据 manifest.json 的“{record}”记录重新写出：清单已被修改"),
    "file_unexpected": ("a file no run writes, in the run folder: remove it or keep it "
                        "elsewhere",
                        "运行结果目录中有运行不会写出的文件：请删除或移至别处"),
    "copy_shape_differs": ("its columns or rows differ from customer_plan.parquet",
                           "其列或行与 customer_plan.parquet 不同"),
    "copy_column_differs": ("column '{column}' differs from customer_plan.parquet for "
                            "{count} customers: {ids}",
                            "列“{column}”与 customer_plan.parquet 不同，涉及 {count} 位客户："
                            "{ids}"),
    "sheet_missing": ("has no sheet '{title}'", "没有工作表“{title}”"),
    "workbook_cell_differs": ("sheet '{title}': cell {cell} ({row}) reads '{found}' where the "
                              "workbook the run folder writes reads '{want}'",
                              "工作表“{title}”：单元格 {cell}（{row}）为“{found}”，按运行文件夹"
                              "重写的工作簿应为“{want}”"),
    "sheet_header_differs": ("sheet '{title}': its header row differs from the columns it "
                             "shows", "工作表“{title}”：表头与其所示的列不同"),
    "sheet_figure_differs": ("sheet '{title}': row {row}, '{item}' is {got} where the folder's "
                             "tables give {wanted}", "工作表“{title}”：第 {row} 行“{item}”为 "
                             "{got}，而运行目录中的表格给出 {wanted}"),
    "sheet_rows_differ": ("sheet '{title}': {rows} rows where the run wrote {wrote}",
                          "工作表“{title}”：有 {rows} 行，而运行写出的是 {wrote} 行"),
    "sheet_cell": ("row {row} ({key} {id}), column {column} '{header}'",
                   "第 {row} 行（{key} {id}）第 {column} 列“{header}”"),
    "sheet_cells_joint": ("; ", "；"),
    "sheet_cells_differ": ("sheet '{title}': {cells} differ from what the run wrote",
                           "工作表“{title}”：{cells}与运行写出的内容不同"),
    "sheet_rows_order": ("sheet '{title}' holds the same rows as {source} in another order "
                         "(row {row}: {key} {found} in the sheet, {wanted} in {source}): the "
                         "run writes both in one order, so one was rewritten after the run; "
                         "their rows were matched by {key} to compare their cells",
                         "工作表“{title}”与 {source} 的行相同但顺序不同（第 {row} 行：工作表中"
                         "为 {key} {found}，{source} 中为 {wanted}）：运行按同一顺序写出两者，"
                         "可见其一在运行后被改写；已按 {key} 对应各行后比较其单元格"),
    "sheet_its_table": ("the table it shows", "其所示表格"),
    "sheet_beyond": ("(beyond the table)", "（超出表格范围）"),
    # the tables people read, against the plan and the checker (allocator.table_check)
    "table_lacks_columns": ("lacks the columns {columns}", "缺少列 {columns}"),
    "table_rows_differ": ("its rows differ from customer_plan.parquet's plan: {rows}",
                          "其行与 customer_plan.parquet 中的方案不同：{rows}"),
    "rows_missing": ("missing: {keys} {shown}; ", "缺少：{keys} {shown}；"),
    "rows_not_planned": ("not in the plan: {keys} {shown}; ", "不在方案中：{keys} {shown}；"),
    "table_cell": ("line {line} ({key}), column '{name}'", "第 {line} 行（{key}）的“{name}”列"),
    "table_cells_differ": ("{cells} differ from what customer_plan.parquet and the checker's "
                           "recomputation give",
                           "{cells}与 customer_plan.parquet 及校验器重新计算的结果不同"),
    "schedule_cells_differ": ("{cells} differ from what the customer's offers and the calendar "
                              "give",
                              "{cells}与该客户的推荐及营销日历得出的结果不同"),
    "contact_days_wrong": ("contacts on days their activities do not run (the scenario's "
                           "calendar gives each activity's day, and customer_plan.parquet's "
                           "schedules and plan.xlsx's contacts sheet show it; restore the file "
                           "or run the scenario again): {rows}",
                           "接触日期并非其活动进行的日子（情景营销日历给出每个活动的日期，"
                           "customer_plan.parquet 的日程与 plan.xlsx 的接触工作表均按此显示；"
                           "请恢复该文件或重新运行情景）：{rows}"),
    "contact_day": ("line {line} (customer {customer}, activity {activity}): day {day} {why}; "
                    "the activity runs on day {runs}",
                    "第 {line} 行（客户 {customer}，活动 {activity}）：日期 {day} {why}；"
                    "该活动在第 {runs} 天进行"),
    "contact_day_outside": ("is not a whole day from 1 to {horizon}",
                            "不是 1 至 {horizon} 之间的整日"),
    "contact_day_other": ("is not a day the activity runs", "不是该活动进行的日子"),
    "blank_day": ("(blank)", "（空白）"),
    "blank_id": ("(blank id)", "（空白编号）"),
    "frontier_cells_differ": ("{cells} differ from the frontier sweep.csv's points give",
                              "{cells}与 sweep.csv 各点得出的前沿不同"),
    "sheet_row": ("row {number} '{item}'", "第 {number} 行“{item}”"),
    "sheet_row_missing": ("row (missing) '{item}'", "“{item}”所在行（缺失）"),
    "sheet_items_differ": ("sheet '{title}': {rows} differ from the manifest and the checker's "
                           "recomputation",
                           "工作表“{title}”：{rows}与清单及校验器重新计算的结果不同"),
}
