"""The messages of errors about input that does not say what it is (a file's declared
encoding, over-long ids, edited run files, values no terminal shows), in English and
Simplified Chinese; merged into report/error_words.py's catalogue."""

from __future__ import annotations

VERIFY_ERROR_MESSAGES: dict[str, tuple[str, str]] = {
    "declared_encoding_wrong": (
        "{label}: line {line}, byte {column} ({byte}) is not {encoding}, the encoding the "
        "scenario declares for it ({key}); set {key} to the encoding the whole file is in "
        "(gbk, gb18030, latin-1...) or to auto to have it found.",
        "{label}：第 {line} 行第 {column} 个字节（{byte}）不是情景为它声明的编码 {encoding}"
        "（{key}）；请在 {key} 中写明整个文件实际所用的编码（gbk、gb18030、latin-1 等），"
        "或写 auto 由程序识别。"),
    "declared_utf16_unmarked": (
        "{label}: the file does not read as {encoding}, the encoding the scenario declares for "
        "it ({key}): it starts with no byte-order mark, nor with the two-byte characters UTF-16 "
        "writes. Set {key} to auto to have its encoding found, or to the encoding the file is "
        "in ({real}).",
        "{label}：该文件不能按情景为它声明的编码 {encoding}（{key}）读取：文件开头既无字节顺序"
        "标记（BOM），也不是 UTF-16 所写的双字节字符。请将 {key} 设为 auto 由程序识别，或设为"
        "文件实际所用的编码（{real}）。"),
    # the data's problems (allocator.book.validation): data_<key> and data_<key>_fix
    "data_too_long": ("{rows} rows hold more than {limit} characters",
                      "{rows} 行超过 {limit} 个字符"),
    "data_too_long_fix": ("ids, regions, branches and grades may hold at most {limit} "
                          "characters; check that the column mapping names the right source "
                          "column, or shorten the values.",
                          "编号、区域、网点与职级最多 {limit} 个字符；请检查字段映射是否指向正确的"
                          "源字段，或缩短这些取值。"),
    "data_dates": ("{rows} rows hold dates or times, not numbers (e.g. {examples})",
                   "{rows} 行存放的是日期或时间，而不是数字（例如 {examples}）"),
    "data_dates_fix": ("map the column to one that holds amounts, or store the values as "
                       "numbers in the source.",
                       "请将该字段映射到存放金额的源字段，或在源数据中将取值存为数字。"),
    "offer_id_too_long": ("{label}: column 'offer_id': rows holding more than {limit} "
                          "characters: {count} (rows {rows}; ids: {ids}); ids may hold at most "
                          "{limit} characters: check the column or shorten the ids.",
                          "{label}：字段 'offer_id' 有 {count} 行超过 {limit} 个字符（行号 "
                          "{rows}；编号：{ids}）；编号最多 {limit} 个字符，请检查该字段或缩短"
                          "编号。"),
    # a copy of the plan (customer_plan.csv) against customer_plan.parquet
    "copy_lacks_columns": ("it lacks the columns {columns} of customer_plan.parquet",
                           "缺少 customer_plan.parquet 的字段 {columns}"),
    "copy_unexpected_columns": ("it has columns customer_plan.parquet lacks: {columns}",
                                "含有 customer_plan.parquet 没有的字段：{columns}"),
    "copy_column_order": ("its columns are in another order than customer_plan.parquet's "
                          "({columns})",
                          "字段顺序与 customer_plan.parquet 不同（{columns}）"),
    "copy_rows": ("it holds {found} rows where customer_plan.parquet holds {rows}; the first "
                  "that differs is line {line} (customer {shown}, where the plan has {plan})",
                  "共 {found} 行，而 customer_plan.parquet 有 {rows} 行；第一处不同在第 {line} 行"
                  "（客户 {shown}，计划中为 {plan}）"),
    # a scenario's name (a folder's name)
    "want_name_given": ("the name is empty (got {got}): give one of letters (of any script), "
                        "digits, '_', '-' and '.', which names the folder of the runs",
                        "名称为空（给出的是 {got}）：请给出由（任何文字的）字母、数字、“_”、“-”与"
                        "“.”组成的名称，它将用作各次运行所在目录的名称"),
    "want_name_characters": ("use only letters (of any script), digits, '_', '-' and '.' "
                             "(got {got}; not accepted: {refused})",
                             "只能使用（任何文字的）字母、数字、“_”、“-”与“.”（给出的是 {got}；"
                             "不接受的字符：{refused}）"),
    # a workbook's sheet read as a table
    "sheet_empty": ("{label}: sheet '{sheet}' is empty (no header row, no data); the "
                    "workbook's other sheets: {others}. Name the sheet that holds the table "
                    "with {key} beside the path in the scenario.",
                    "{label}：工作表“{sheet}”是空的（没有表头，也没有数据）；该工作簿的其他工作表："
                    "{others}。请在情景中该路径旁用 {key} 指明存放该表的工作表。"),
    "sheet_unknown": ("{label}: the workbook has no sheet '{sheet}' ({key}); its sheets: "
                      "{names}. Name one of them with {key}, or leave {key} out to read the "
                      "first.",
                      "{label}：该工作簿中没有工作表“{sheet}”（{key}）；其工作表有：{names}。"
                      "请用 {key} 指明其中之一，或省略 {key} 以读取第一个工作表。"),
    "formula_not_computed": ("{label}: sheet '{sheet}', column '{column}': a formula whose "
                             "value was never computed is in {count} of its cells (rows "
                             "{rows}), and reads as an empty cell. Open the workbook in Excel or "
                             "LibreOffice and save it (which computes and stores every "
                             "formula's value), or paste the values in place of the formulas.",
                             "{label}：工作表“{sheet}”的字段“{column}”：有 {count} 个单元格含有"
                             "从未计算过取值的公式（第 {rows} 行），读出来是空单元格。请用 Excel "
                             "或 LibreOffice 打开该工作簿并保存（保存时会计算并存下每个公式的"
                             "取值），或将公式替换为粘贴的数值。"),
    # summary.md against the manifest (allocator.summary_check)
    "summary_line_differs": ("line {line} '{found}' differs from the manifest's {figures} "
                             "(it should read '{want}')",
                             "第 {line} 行“{found}”与 manifest 中的 {figures} 不符"
                             "（应为“{want}”）"),
    "summary_table_differs": ("line {line} '{found}' differs from {table} as the plan gives "
                              "it (it should read '{want}')",
                              "第 {line} 行“{found}”与按方案得出的 {table} 不符（应为“{want}”）"),
    "summary_lacks_table": ("lacks its section '{head}' (the table of {table})",
                            "缺少“{head}”一节（{table} 的表格）"),
    "summary_lacks_line": ("lacks its line '{head}' (the manifest's {figures}: '{want}')",
                           "缺少“{head}”一行（manifest 中的 {figures}：“{want}”）"),
    # summary.md written again from the run folder (allocator.summary_check)
    "summary_rewritten_differs": ("line {line} '{found}' differs from summary.md as the run "
                                  "folder writes it (it should read '{want}')",
                                  "第 {line} 行“{found}”与按运行文件夹重写的 summary.md 不符"
                                  "（应为“{want}”）"),
    "summary_rewritten_short": ("ends at line {line}, where summary.md as the run folder "
                                "writes it goes on with '{want}'",
                                "在第 {line} 行结束，而按运行文件夹重写的 summary.md "
                                "接着还有“{want}”"),
    "summary_rewritten_long": ("line {line} '{found}' is beyond the end of summary.md as the "
                               "run folder writes it",
                               "第 {line} 行“{found}”超出了按运行文件夹重写的 summary.md"),
    "summary_unwritten": ("cannot be written again from the run folder: manifest.json's "
                          "'{record}' is damaged",
                          "无法按运行文件夹重写：manifest.json 中的“{record}”已损坏"),
}
