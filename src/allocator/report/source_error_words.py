"""The messages of errors met reading a book's tables (CSV files, DuckDB and PostgreSQL
queries) and of a decomposition that ends without a plan, in English and Simplified Chinese;
part of the error catalogue (error_words)."""

from __future__ import annotations

SOURCE_ERROR_MESSAGES: dict[str, tuple[str, str]] = {
    # CSV and other files (allocator.book.sources)
    "file_damaged": ("{label}: cannot read the file ({reason}); check that it is a complete "
                     "CSV file.",
                     "{label}：无法读取该文件（{reason_zh}）；请检查它是否为完整的 CSV 文件。"),
    "columns_repeated": ("{label}: the header names these columns more than once: {columns}; "
                         "rename or remove the repeats so each column has one name.",
                         "{label}：表头中字段 {columns} 出现了不止一次；请重命名或删除重复的字段，"
                         "使每个字段只有一个名称。"),
    "no_customer_left": ("{label}: no customer is left to plan: all {excluded} rows are left "
                         "out by the rule 'closed account' (column {column} = 1); give a table "
                         "with open accounts.",
                         "{label}：没有可规划的客户：全部 {excluded} 行都因“已销户”规则被排除"
                         "（字段 {column} = 1）；请提供含有未销户账户的客户表。"),
    "header_blank": ("{label}: the file is empty or its first line is blank; a table starts "
                     "with a header row naming its columns.",
                     "{label}：文件为空或首行空白；表格应以列出字段名的表头行开始。"),
    "header_unprintable": ("{label}: the first line holds unprintable characters (binary bytes, "
                           "control characters), not a header of column names; give a text "
                           "file of columns separated by commas (or tabs, semicolons or bars), "
                           "or its right encoding beside its path in the scenario.",
                           "{label}：首行含有不可打印的字符（二进制字节、控制字符），不是字段名"
                           "表头；请提供以逗号（或制表符、分号、竖线）分隔字段的文本文件，或在情景"
                           "中该路径旁写明正确的编码。"),
    "wrong_encoding": ("{label}: {problem}; give the file's encoding beside its path in the "
                       "scenario (encoding: gbk, latin-1, ... or auto).",
                       "{label}：文件内容不符合所用的编码（{problem}）；请在情景中该路径旁写明文件的"
                       "编码（encoding: gbk、latin-1 等，或 auto）。"),
    "not_csv": ("{label}: cannot read the table as CSV ({reason}); check that it is a complete "
                "comma-separated file with one header row.",
                "{label}：无法按 CSV 读取该表（{reason_zh}）；请检查它是否为完整的、带一行表头的"
                "逗号分隔文件。"),
    "csv_line_fields": ("{label}: line {line} does not have the header's count of fields "
                        "({found} against {expected}); check that line's {separators} and "
                        "quotes (a text that holds one is written in double quotes).",
                        "{label}：第 {line} 行的字段数与表头不符（{found} 个，表头为 {expected} "
                        "个）；请检查该行的{separators}和引号（含{separators}的文本须加双引号）。"),
    "csv_unparsed": ("{label}: cannot read the table as CSV ({problem}); check that it is a "
                     "complete comma-separated file with one header row and closed quotes.",
                     "{label}：无法按 CSV 读取该表（{problem}）；请检查它是否为完整的、带一行"
                     "表头且引号成对的逗号分隔文件。"),
    "csv_nan": ("{label}: column '{column}', lines {lines}{more}: 'nan' written where a number "
                "is expected, which is no value; leave the cell empty where the value is "
                "missing, or write the number.",
                "{label}：字段“{column}”，第 {lines}{more} 行：应为数字处写成了“nan”，这不是"
                "有效取值；缺少取值时请留空单元格，否则请写出数字。"),
    "csv_cells_column": ("  - column '{column}', lines {lines}{more} (e.g. {examples})",
                         "  - 字段“{column}”，第 {lines}{more} 行（例如 {examples}）"),
    "csv_cells_column_one": ("  - column '{column}', line {lines} ({examples})",
                             "  - 字段“{column}”，第 {lines} 行（{examples}）"),
    "csv_thousands_points": (
        "{label}: numbers written as whole numbers with points between their thousands, in a "
        "file separated by {separators} that shows no decimal mark that says what they are "
        "(1.760 is 1760 where the decimal mark is a comma, 1.76 where it is a point):\n"
        "{columns}\nsay which beside the file's path in the scenario: decimal: \",\" (1.760 "
        "read as 1760) or decimal: \".\" (1.760 read as 1.76).",
        "{label}：文件以{separators}分隔，以下数字形如以点分隔千位的整数，而文件中没有能说明"
        "其含义的小数标记（小数标记为逗号时 1.760 是 1760，为点时是 1.76）：\n{columns_zh}\n"
        "请在情景中该文件路径旁注明：decimal: \",\"（1.760 读作 1760）或 decimal: \".\""
        "（1.760 读作 1.76）。"),
    "csv_stray_points": (
        "{label}: the source says decimal: \",\", but these numbers hold a point that is no "
        "decimal comma's thousands separator (1.760 and 1.234,56 are; 2.5, 0.123 and 1860.37 "
        "are not), so they cannot be read:\n{columns}\nwrite them with a decimal comma (2.5 "
        "as 2,5); where every decimal in the file is written with a point, say decimal: "
        "\".\" instead.",
        "{label}：数据源注明 decimal: \",\"，但以下数字中的点不是小数逗号写法中的千位分隔符"
        "（1.760 与 1.234,56 是；2.5、0.123 与 1860.37 不是），因此无法读取：\n{columns_zh}"
        "\n请以小数逗号书写（2.5 写作 2,5）；若文件中的小数均以点书写，请改为注明 "
        "decimal: \".\"。"),
    "csv_stray_points_found": (
        "{label}: the file writes its decimals with a comma (it is separated by {separators} "
        "and its numbers show decimal commas), but these numbers hold a point that is no "
        "thousands separator (1.760 and 1.234,56 are; 0.123 and 1234.567 are not), so they "
        "cannot be read:\n{columns}\nwrite them with a decimal comma as the rest (0.123 as "
        "0,123), and say decimal: \",\" beside the file's path in the scenario.",
        "{label}：该文件以逗号作小数标记（以{separators}分隔，且数字中有小数逗号），但以下数字"
        "中的点不是千位分隔符（1.760 与 1.234,56 是；0.123 与 1234.567 不是），因此无法读取：\n"
        "{columns_zh}\n请与其余数字一样以小数逗号书写（0.123 写作 0,123），并在情景中该文件"
        "路径旁注明 decimal: \",\"。"),
    "csv_stray_commas": (
        "{label}: the source says decimal: \".\", but these numbers are written with a "
        "decimal comma (12,44, or 1.234,56 with a point between thousands), so they cannot "
        "be read:\n{columns}\nwrite them with a decimal point as the file's other numbers "
        "(12,44 as 12.44, 1.234,56 as 1234.56).",
        "{label}：数据源注明 decimal: \".\"，但以下数字使用了小数逗号（12,44，或以点分隔千位"
        "的 1.234,56），因此无法读取：\n{columns_zh}\n请与文件中其余数字一样以小数点书写"
        "（12,44 写作 12.44，1.234,56 写作 1234.56）。"),
    "csv_all_commas": (
        "{label}: the source says decimal: \".\", but the file writes its decimals with a "
        "comma (12,44, or 1.234,56 with a point between thousands), and none with a point:\n"
        "{columns}\nsay decimal: \",\" beside the file's path in the scenario instead "
        "(12,44 is then read as 12.44, 1.234,56 as 1234.56).",
        "{label}：数据源注明 decimal: \".\"，但该文件的小数以逗号书写（12,44，或以点分隔千位的 "
        "1.234,56），没有以点书写的小数：\n{columns_zh}\n请在情景中该文件路径旁改为注明 "
        "decimal: \",\"（12,44 即读作 12.44，1.234,56 读作 1234.56）。"),
    "csv_mixed_points": (
        "{label}: the file's numbers write their decimals with a comma (12,44), but these "
        "rows write a decimal point (12.44, or 1,501.01 with a comma between thousands):\n"
        "{columns}\nwrite them as the rest (1,501.01 as 1.501,01 or 1501,01) and say "
        "decimal: \",\" beside the file's path in the scenario.",
        "{label}：该文件的数字以逗号作小数标记（12,44），但以下各行使用了小数点（12.44，或以"
        "逗号分隔千位的 1,501.01）：\n{columns_zh}\n请与其余数字一样书写（1,501.01 写作 "
        "1.501,01 或 1501,01），并在情景中该文件路径旁注明 decimal: \",\"。"),
    "csv_mixed_commas": (
        "{label}: the file's numbers write their decimals with a point (12.44), but these "
        "rows write a decimal comma (12,44, or 1.501,01 with a point between thousands):\n"
        "{columns}\nwrite them as the rest (1.501,01 as 1501.01) and say decimal: \".\" "
        "beside the file's path in the scenario.",
        "{label}：该文件的数字以点作小数标记（12.44），但以下各行使用了小数逗号（12,44，或以"
        "点分隔千位的 1.501,01）：\n{columns_zh}\n请与其余数字一样书写（1.501,01 写作 "
        "1501.01），并在情景中该文件路径旁注明 decimal: \".\"。"),
    "table_nan": ("{label}: column '{column}', rows {lines}{more}: NaN where a number is "
                  "expected, which is no value; write a missing value as null (pandas does "
                  "so for NaN in to_parquet), or write the number.",
                  "{label}：字段“{column}”，第 {lines}{more} 行：应为数字处为 NaN，这不是有效"
                  "取值；缺少取值时请写为空值（null），否则请写出数字。"),
    "csv_nan_one": ("{label}: column '{column}', line {lines}{more}: 'nan' written where a "
                    "number is expected, which is no value; leave the cell empty where the value "
                    "is missing, or write the number.",
                    "{label}：字段“{column}”，第 {lines}{more} 行：应为数字处写成了“nan”，这不是"
                    "有效取值；缺少取值时请留空单元格，否则请写出数字。"),
    "table_nan_one": ("{label}: column '{column}', row {lines}{more}: NaN where a number is "
                      "expected, which is no value; write a missing value as null (pandas does "
                      "so for NaN in to_parquet), or write the number.",
                      "{label}：字段“{column}”，第 {lines}{more} 行：应为数字处为 NaN，这不是有效"
                      "取值；缺少取值时请写为空值（null），否则请写出数字。"),
    "database_query_failed": ("{label}: the query failed ({reason}); check the SQL and the "
                              "database file.",
                              "{label}：查询失败（{reason_zh}）；请检查 SQL 语句与数据库文件。"),
    "file_unreadable": ("{label}: cannot read the file ({reason}); check that it is complete "
                        "and of the type its name says (.parquet, .xlsx, .csv).",
                        "{label}：无法读取该文件（{reason_zh}）；请检查文件是否完整、类型是否与扩展名"
                        "相符（.parquet、.xlsx、.csv）。"),
    "parts_differ": ("{label}: its part files' columns differ: {part} has {extra} that {first} "
                     "lacks, and lacks {missing}; give every part the same columns, named alike "
                     "(case included).",
                     "{label}：各分片文件的字段不一致：{part} 有 {first} 所没有的 {extra}，"
                     "且缺少 {missing}；请让每个分片的字段相同、名称一致（含大小写）。"),
    "column_mapped_absent": ("{label}: {key}.columns maps {pairs}, but the table has no such "
                             "column (columns found: {found}); correct the source name, or "
                             "remove the mapping to read the column by its own name.",
                             "{label}：{key}.columns 将 {pairs} 作了映射，但表中没有该字段（已有"
                             "字段：{found}）；请更正源字段名，或删除该映射以按其本名读取。"),
    "column_lookalike": ("{label}: {pairs}: not read, though {each} like a column the "
                         "table lacks. Rename {it} to that name, or map {it} under {key}.columns "
                         "(allocator name: source name); a column that holds something else, "
                         "rename so that it no longer looks like one allocator reads.",
                         "{label}：{pairs_zh}：未被读取，但看起来像本表缺少的字段。请改用该名称，"
                         "或在 {key}.columns 下映射（本系统字段名: 源字段名）；若其内容另有所指，"
                         "请改名，使其不再像本系统读取的字段。"),
    "column_lookalike_pair": ("column '{header}' (like '{name}')", "字段“{header}”（像“{name}”）"),
    "missing_columns": ("{label}: missing required column{plural} {columns}. Columns found: "
                        "{found}. Add the column, or map it under {key}.columns (allocator "
                        "name: source name).",
                        "{label}：缺少必需的字段 {columns_zh}。已有字段：{found}。请加入该字段，"
                        "或在 {key}.columns 下映射（本系统字段名: 源字段名）。"),
    "sheet_header_row": ("Row {row} was read as the header (none of the sheet's first {rows} "
                         "filled rows holds every required column): remove a title or note "
                         "above the header, so that the header is the sheet's first filled row.",
                         "第 {row} 行被读作表头（该工作表前 {rows} 个非空行中没有一行含有全部"
                         "必需字段）：请删除表头上方的标题或备注，使表头成为该工作表的第一个"
                         "非空行。"),
    "csv_header_line": ("Line {line} was read as the header (none of the file's first {lines} "
                        "lines holds every required column): make the line naming the columns "
                        "the file's first, removing a title or note above it, or adding it where "
                        "the file has none.",
                        "第 {line} 行被读作表头（该文件前 {lines} 行中没有一行含有全部必需字段）："
                        "请让列出字段名的那一行成为文件的第一行：删除其上方的标题或备注，文件"
                        "没有这一行时请加上。"),
    "missing_columns_csv": ("{label}: missing required column{plural} {columns}. Columns found: "
                            "{found}. Add the column, or map it under {key}.columns (allocator "
                            "name: source name). {header_note}",
                            "{label}：缺少必需的字段 {columns_zh}。已有字段：{found}。请加入该"
                            "字段，或在 {key}.columns 下映射（本系统字段名: 源字段名）。"
                            "{header_note}"),
    "missing_columns_sheet": ("{label}: sheet '{sheet}' lacks the required column{plural} "
                              "{columns}. Columns found: {found}. Add the column, or map it "
                              "under {key}.columns (allocator name: source name). "
                              "{header_note}",
                              "{label}：工作表“{sheet}”缺少必需的字段 {columns_zh}。已有字段："
                              "{found}。请加入该字段，或在 {key}.columns 下映射（本系统字段名: "
                              "源字段名）。{header_note_zh}"),
    "missing_columns_other_sheets": ("{label}: sheet '{sheet}' lacks the required column{plural} "
                                     "{columns}. Columns found: {found}. If the table is on "
                                     "another of the workbook's sheets ({others}), name it with "
                                     "{key}.sheet beside the path (sheet: NAME); else add the "
                                     "column, or map it under {key}.columns (allocator name: "
                                     "source name). {header_note}",
                                     "{label}：工作表“{sheet}”缺少必需的字段 {columns_zh}。已有"
                                     "字段：{found}。若该表在工作簿的其他工作表（{others}）中，"
                                     "请在情景中该路径旁用 {key}.sheet 指明（sheet: 工作表名）；"
                                     "否则请加入该字段，或在 {key}.columns 下映射（本系统字段名: "
                                     "源字段名）。{header_note_zh}"),
    "missing_columns_sheet_found": ("{label}: sheet '{sheet}' lacks the required column{plural} "
                                    "{columns} (columns found: {found}); the workbook's sheet "
                                    "'{other}' has every required column: name it with "
                                    "{key}.sheet beside the path ({given}).",
                                    "{label}：工作表“{sheet}”缺少必需的字段 {columns_zh}"
                                    "（已有字段：{found}）；该工作簿的工作表“{other}”含有全部"
                                    "必需字段：请在情景中该路径旁用 {key}.sheet 指明它"
                                    "（{given}）。"),
    "mapped_to": (" (mapped to '{source}')", "（映射为“{source}”）"),
    "offer_twice": ("{label}: offer id '{offer}' appears twice; ids must be unique.",
                    "{label}：产品编号“{offer}”出现了两次；编号必须唯一。"),
    "offers_given_twice": ("the {count} offers {offers} are given both in the scenario's "
                           "'offers' section (by the file, a named override, --set or --vary) "
                           "and in data.offers ({table}); keep one: an offer of the table is "
                           "changed in the table (for a what-if, in a copy of it named by a "
                           "scenario that extends this one).",
                           "产品 {offers} 既在情景的 offers 一节中给出（由情景文件、命名调整项、"
                           "--set 或 --vary 给出），又在 data.offers（{table}）中给出；请保留其一："
                           "表中的产品应在表中修改（如作假设分析，可在表的副本中修改，并由继承本"
                           "情景的情景指向该副本）。"),
    # queries (allocator.book.duckdb_source, allocator.book.postgres_source)
    "source_query": ("{where} (query: {query})", "{where}（查询：{query}）"),
    "pg_address_unread": ("the address of its connection string", "其连接串中的地址"),
    "library_fault_line": ("{kind_zh} (line {line})", "{kind_zh}（查询第 {line} 行）"),
    "one_statement": ("{label}: the query must be exactly one SELECT statement; it holds "
                      "{count} statements.", "{label}：查询须恰好是一条 SELECT 语句，而它含有 "
                      "{count} 条语句。"),
    "read_only_select": ("{label}: the query must be one read-only SELECT; {article} {kind} "
                         "statement is not allowed.", "{label}：查询须是一条只读的 SELECT；不允许"
                         " {kind} 语句。"),
    "not_sql": ("{label}: the query is not valid SQL ({reason}).",
                "{label}：查询不是有效的 SQL（{reason_zh}）。"),
    "database_unopened": ("{label}: cannot open the database ({reason}).",
                          "{label}：无法打开数据库（{reason_zh}）。"),
    "database_out_of_bounds": ("{label}: the query may only read the database's tables (and "
                               "files in its folder): DuckDB's access to other files, "
                               "extensions and settings is off ({reason}).",
                               "{label}：查询只能读取数据库中的表（及其所在目录中的文件）："
                               "DuckDB 对其他文件、扩展与设置的访问已关闭（{reason_zh}）。"),
    "duckdb_metadata": ("{label}: the query reads {name}, DuckDB's own record of this "
                        "machine's settings, files or secrets; a query may only read the "
                        "database's tables and files in its folder.",
                        "{label}：查询读取了 {name}，即 DuckDB 关于本机设置、文件或密钥的记录；"
                        "查询只能读取数据库中的表及其所在目录中的文件。"),
    "table_query_failed": ("{label}: cannot read the table ({reason}).",
                           "{label}：无法读取该表（{reason_zh}）。"),
    "database_key_unset": ("{label}: the environment variable {variable} (password_env) is "
                           "not set; set it to the database's encryption key.",
                           "{label}：环境变量 {variable}（password_env）未设置；请将其设为数据库的"
                           "加密密钥。"),
    "no_db_url": ("{label}: no PostgreSQL server address is given; give it with --db-url URL "
                  "or in ALLOCATOR_DB_URL.", "{label}：没有给出 PostgreSQL 服务器地址；请用 "
                  "--db-url URL 或环境变量 ALLOCATOR_DB_URL 给出。"),
    "password_in_clear": ("{label}: the server at {address} asked for the password in a form "
                          "that shows it ({reason}); the password was not sent. Without TLS it "
                          "goes only to a server that asks by SCRAM-SHA-256: set the server's "
                          "password_encryption to scram-sha-256, or connect over TLS "
                          "(?sslmode=verify-full).",
                          "{label}：{address} 上的服务器要求以明文可见的方式发送密码"
                          "（{reason_zh}），密码未发送。不经 TLS 时，密码只发给以 "
                          "SCRAM-SHA-256 方式索取的服务器："
                          "请将服务器的 password_encryption 设为 scram-sha-256，或经 TLS 连接"
                          "（?sslmode=verify-full）。"),
    "database_refused": ("{label}: cannot connect to the database ({reason}); check the "
                         "connection string, the user, the database and the password.",
                         "{label}：无法连接数据库（{reason_zh}）；请检查连接串、用户、数据库名与密码。"),
    "server_unreachable": ("{label}: cannot reach the PostgreSQL server at {address} "
                           "({reason}); check that the server is running and that this machine "
                           "can reach it (host, port, network, firewall), then run again.",
                           "{label}：无法连接到 {address} 上的 PostgreSQL 服务器（{reason_zh}）；请"
                           "确认服务器正在运行、本机可以访问它（主机、端口、网络、防火墙），然后重新"
                           "运行。"),
    "password_unset": ("{label}: the environment variable {variable} (password_env) is not "
                       "set; set it to the database user's password.",
                       "{label}：环境变量 {variable}（password_env）未设置；请将其设为数据库用户的"
                       "密码。"),
    "password_needs_tls": ("{label}: a password is only sent to {address} over TLS; add "
                           "?sslmode=verify-full (or require) to the connection string.",
                           "{label}：密码只经 TLS 发送给 {address}；请在连接串中加上 "
                           "?sslmode=verify-full（或 require）。"),
    "server_read_only": ("{label}: the query may only read the database: writes, DDL and COPY "
                         "are refused in its read-only transaction ({reason}).",
                         "{label}：查询只能读取数据库：只读事务中不允许写入、DDL 与 COPY"
                         "（{reason_zh}）。"),
    "server_query_failed": ("{label}: the query failed ({reason}); check the SQL and the "
                            "database.",
                            "{label}：查询失败（{reason_zh}）；请检查 SQL 语句与数据库。"),
}
"""Message key -> (English, Chinese)."""

LIBRARY_FAULTS_ZH: dict[str, str] = {
    # DuckDB's exceptions
    "ParserException": "DuckDB 报告语法错误", "SyntaxException": "DuckDB 报告语法错误",
    "BinderException": "DuckDB 报告查询中的字段或函数名称无法识别",
    "CatalogException": "DuckDB 报告查询中的表或对象不存在",
    "ConversionException": "DuckDB 报告数值无法转换为所需类型",
    "TypeMismatchException": "DuckDB 报告类型不匹配",
    "InvalidTypeException": "DuckDB 报告类型无效",
    "InvalidInputException": "DuckDB 报告输入无效",
    "OutOfRangeException": "DuckDB 报告数值超出范围",
    "PermissionException": "DuckDB 拒绝了访问",
    "IOException": "DuckDB 无法读写文件",
    "OutOfMemoryException": "DuckDB 内存不足",
    "InterruptException": "DuckDB 的查询被中断",
    "NotImplementedException": "DuckDB 不支持该操作",
    "SerializationException": "DuckDB 报告数据库文件格式不符",
    "ConnectionException": "DuckDB 无法连接数据库",
    "Error": "DuckDB 报告错误",
    # files read by pandas, pyarrow and the standard library
    "ParserError": "内容无法按格式解析", "EmptyDataError": "文件中没有数据",
    "ArrowInvalid": "文件内容无效", "ArrowException": "文件内容无法读取",
    "BadZipFile": "压缩文件已损坏", "BadGzipFile": "gzip 压缩文件已损坏",
    "EOFError": "文件意外结束", "UnicodeDecodeError": "字节不符合文件的编码",
    "ValueError": "内容无法读取", "Exception": "所用程序库报告错误",
}
"""A library's exception class -> what failed, in Chinese (the first of its classes found
here names it); its own words go to a log."""

SERVER_STATES_ZH: dict[str, str] = {
    # SQLSTATE codes, then classes (their first two characters), PostgreSQL answers with
    "42P01": "PostgreSQL 报告查询中的表不存在", "42703": "PostgreSQL 报告查询中的字段不存在",
    "42883": "PostgreSQL 报告查询中的函数不存在", "42601": "PostgreSQL 报告语法错误",
    "42501": "PostgreSQL 拒绝了访问（权限不足）", "57014": "PostgreSQL 因超时取消了查询",
    "25006": "PostgreSQL 拒绝在只读事务中写入", "28P01": "密码验证失败",
    "28000": "身份验证失败", "3D000": "数据库不存在", "53300": "服务器连接数已满",
    "22": "PostgreSQL 报告数据异常", "23": "PostgreSQL 报告违反完整性约束",
    "25": "PostgreSQL 报告事务状态无效", "28": "身份验证失败",
    "42": "PostgreSQL 报告语法错误或访问规则错误", "53": "PostgreSQL 服务器资源不足",
    "54": "PostgreSQL 报告查询超出程序限制", "57": "PostgreSQL 中止了操作",
    "58": "PostgreSQL 服务器出现系统错误", "XX": "PostgreSQL 服务器内部错误",
}
"""A server's SQLSTATE (the code, else its class) -> what failed, in Chinese."""

SERVER_WORDS_ZH: dict[str, str] = {
    # libpq's words for a connection that failed, and the server's for a query that failed
    # where no SQLSTATE reaches the driver's error
    "connection refused": "连接被拒绝", "password authentication failed": "密码验证失败",
    "no password supplied": "服务器要求密码，但未提供密码",
    "authentication method requirement": "服务器以会显示密码的方式索取密码",
    "no pg_hba.conf entry": "服务器不允许本机以此用户连接该数据库",
    'database "" does not exist': "数据库不存在", 'role "" does not exist': "用户不存在",
    'relation "" does not exist': "PostgreSQL 报告查询中的表不存在",
    'column "" does not exist': "PostgreSQL 报告查询中的字段不存在",
    "read-only transaction": "PostgreSQL 拒绝在只读事务中写入",
    "statement timeout": "PostgreSQL 因超时取消了查询",
    "permission denied": "PostgreSQL 拒绝了访问（权限不足）",
    "timeout expired": "连接超时", "timed out": "连接超时",
    "could not translate host name": "无法解析主机名", "no route to host": "无法到达主机",
    "network is unreachable": "网络不可达", "too many clients": "服务器连接数已满",
    "ssl": "TLS 连接失败", "": "PostgreSQL 报告错误",
}
"""The first of these phrases found in libpq's words (lower case, each quoted name emptied to
"") -> what failed, in Chinese."""


NO_PLAN_MESSAGES: dict[str, tuple[str, str]] = {
    # the decomposition's search ended without a plan (allocator.no_plan)
    "decomposition_no_plan": (
        "{scenario}: the decomposition's repairs found no plan that keeps every constraint "
        "before its search ended (after {seconds} s; solver.time_limit: {limit} s). The limits "
        "priced highest: {prices}. Loosen the tightest of them, or raise solver.time_limit; on "
        "a book of up to about 20,000 customers, solver.method: exact proves whether a plan "
        "exists.",
        "{scenario}：分解法的修复在搜索结束前（用时 {seconds} 秒；solver.time_limit：{limit} 秒）"
        "未找到满足全部约束的方案。定价最高的限制：{prices_zh}。请放宽其中最紧的限制，或提高 "
        "solver.time_limit；客户不超过约 20,000 位的客户账簿，可用 solver.method: exact 证明"
        "方案是否存在。"),
    "decomposition_nothing_to_give_whole": (
        "{scenario}: {why}; the {basis} keeps every limit, so it is placing whole customers "
        "that fails. The limits priced highest: {prices}. Loosen the tightest of them.",
        "{scenario}：分解法的界已低于任何方案可能的最低值，没有方案满足全部约束；而整个客户账簿的"
        "弹性 LP 松弛满足每一项限制，因此失败在于客户须整体分配。定价最高的限制：{prices_zh}。"
        "请放宽其中最紧的限制。"),
    "decomposition_nothing_to_give_sample": (
        "{scenario}: {why}; the {basis} keeps every limit, so what must give shows only on the "
        "whole book. The limits priced highest: {prices}. Loosen the tightest of them.",
        "{scenario}：分解法的界已低于任何方案可能的最低值，没有方案满足全部约束；而 {customers} "
        "位客户样本（每 {step} 位取 1 位）的弹性 LP 松弛满足每一项限制，因此须放宽之处只在整个"
        "客户账簿上才显现。定价最高的限制：{prices_zh}。请放宽其中最紧的限制。"),
}
"""Message key -> (English, Chinese)."""
SOURCE_ERROR_MESSAGES.update(NO_PLAN_MESSAGES)
