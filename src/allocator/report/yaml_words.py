"""PyYAML's reasons for refusing a text, in Chinese: each fixed phrase its scanner, parser,
composer and safe constructor raise (a MarkedYAMLError's `problem` and `context`, written with
%r, %s and %d where PyYAML fills in a token or a character), and the tokens and characters it
fills in; part of the error catalogue (error_words). An English run shows PyYAML's own words."""

from __future__ import annotations

YAML_PHRASES_ZH: dict[str, str] = {
    # what PyYAML was reading (`context`)
    "while scanning for the next token": "读取下一个记号时",
    "while scanning a directive": "读取指令时",
    "while scanning an %s": "读取{0}时",
    "while scanning a %s": "读取{0}时",
    "while scanning a tag": "读取标签时",
    "while scanning a block scalar": "读取块标量时",
    "while scanning a quoted scalar": "读取带引号的字符串时",
    "while scanning a double-quoted scalar": "读取双引号字符串时",
    "while scanning a simple key": "读取键时",
    "while parsing a %s": "解析{0}时",
    "while parsing a tag": "解析标签时",
    "while parsing a block collection": "解析块集合时",
    "while parsing a block mapping": "解析块映射时",
    "while parsing a flow sequence": "解析方括号列表时",
    "while parsing a flow mapping": "解析花括号映射时",
    "while parsing a node": "解析节点时",
    "while parsing a %s node": "解析{0}节点时",
    "while constructing a mapping": "构造映射时",
    "while constructing an ordered map": "构造有序映射时",
    "while constructing pairs": "构造键值对列表时",
    # what was wrong (`problem`)
    "found character %r that cannot start any token": "出现了不能作为记号开头的字符 {0}",
    "expected alphabetic or numeric character, but found %r": "此处应为字母或数字，实际为 {0}",
    "expected a digit or '.', but found %r": "此处应为数字或“.”，实际为 {0}",
    "expected a digit or ' ', but found %r": "此处应为数字或空格，实际为 {0}",
    "expected a digit, but found %r": "此处应为数字，实际为 {0}",
    "expected ' ', but found %r": "此处应为空格，实际为 {0}",
    "expected a comment or a line break, but found %r": "此处应为注释或换行，实际为 {0}",
    "expected chomping or indentation indicators, but found %r":
        "此处应为块标量的换行处理符或缩进指示符，实际为 {0}",
    "found unexpected end of stream": "文件意外结束（引号未闭合）",
    "expected '!', but found %r": "此处应为“!”，实际为 {0}",
    "expected URI, but found %r": "此处应为 URI，实际为 {0}",
    "could not find expected ':'": "找不到应有的冒号“:”",
    "sequence entries are not allowed here": "此处不允许列表项（“- ”）",
    "mapping keys are not allowed here": "此处不允许映射的键",
    "mapping values are not allowed here": "此处不允许映射的值（多了一个“:”，或缩进有误）",
    "expected '>', but found %r": "此处应为“>”，实际为 {0}",
    "found unexpected document separator": "出现了意外的文档分隔符",
    "expected indentation indicator in the range 1-9, but found 0":
        "缩进指示符应在 1 至 9 之间，实际为 0",
    "expected URI escape sequence of 2 hexadecimal numbers, but found %r":
        "URI 转义应为 2 位十六进制数，实际为 {0}",
    "found unknown escape character %r": "出现了未知的转义字符 {0}",
    "expected escape sequence of %d hexadecimal numbers, but found %r":
        "转义应为 {0} 位十六进制数，实际为 {1}",
    "expected <block end>, but found %r": "此处应为块的结束，实际为{0}（请检查缩进）",
    "expected '<document start>', but found %r": "此处应为文档开始，实际为{0}",
    "found duplicate YAML directive": "YAML 指令出现了两次",
    "found incompatible YAML document (version 1.* is required)":
        "YAML 文档版本不兼容（须为 1.* 版）",
    "expected ',' or ']', but got %r": "此处应为“,”或“]”，实际为{0}",
    "expected ',' or '}', but got %r": "此处应为“,”或“}}”，实际为{0}",
    "duplicate tag handle %r": "标签前缀 {0} 定义了两次",
    "found undefined tag handle %r": "出现了未定义的标签前缀 {0}",
    "expected the node content, but found %r": "此处应为节点内容，实际为{0}",
    "expected a single document in the stream": "文件中应只有一个文档",
    "but found another document": "却出现了第二个文档",
    "found undefined alias %r": "出现了未定义的别名 {0}",
    "found duplicate anchor %r; first occurrence": "锚点 {0} 定义了两次；首次出现",
    "second occurrence": "再次出现",
    "blacklisted key '%s' in instance state found": "对象状态中出现了禁用的键“{0}”",
    "found unconstructable recursive node": "出现了无法构造的递归节点",
    "expected a scalar node, but found %s": "此处应为标量，实际为{0}",
    "expected a sequence node, but found %s": "此处应为列表，实际为{0}",
    "expected a mapping node, but found %s": "此处应为映射，实际为{0}",
    "found unhashable key": "键不能是映射或列表",
    "could not determine a constructor for the tag %r": "无法识别标签 {0}",
    "expected a sequence, but found %s": "此处应为列表，实际为{0}",
    "failed to convert base64 data into ascii: %s": "base64 数据无法转换为 ASCII",
    "failed to decode base64 data: %s": "base64 数据无法解码",
    "expected a mapping of length 1, but found %s": "此处应为只有一项的映射，实际为{0}",
    "expected a single mapping item, but found %d items": "此处应为一个映射项，实际为 {0} 项",
    "expected a mapping or list of mappings for merging, but found %s":
        "合并（<<）应给出映射或映射的列表，实际为{0}",
    "expected a mapping for merging, but found %s": "合并（<<）应给出映射，实际为{0}",
    # the reader (yaml.reader.ReaderError.reason)
    "special characters are not allowed": "不允许出现特殊（控制）字符",
}
"""PyYAML's phrase (its own %-template) -> the Chinese phrase ({0}, {1}: what it fills in)."""

YAML_TOKENS_ZH: dict[str, str] = {
    "<byte order mark>": "字节顺序标记", "<directive>": "指令", "<document start>": "文档开始",
    "<document end>": "文档结束", "<stream start>": "文件开始", "<stream end>": "文件结束",
    "<block sequence start>": "列表的开始", "<block mapping start>": "映射的开始",
    "<block end>": "块的结束", "[": "“[”", "{": "“{”", "]": "“]”", "}": "“}”",
    "?": "“?”", ":": "“:”", "-": "“-”", ",": "“,”", "<alias>": "别名", "<anchor>": "锚点",
    "<tag>": "标签", "<scalar>": "标量", "scalar": "标量", "sequence": "列表",
    "mapping": "映射", "alias": "别名", "anchor": "锚点", "directive": "指令", "tag": "标签",
    "block": "块", "flow": "流式", "block mapping": "块映射", "flow node": "流式节点",
    "block node": "块节点",
}
"""A token or node PyYAML names in a phrase -> its Chinese name."""

YAML_CHARACTERS_ZH: dict[str, str] = {
    "\t": "“\\t”（制表符；YAML 只能用空格缩进）", " ": "空格", "\n": "换行", "\r": "回车",
    "\0": "文件结尾", "\ufeff": "字节顺序标记",
}
"""A character PyYAML names in a phrase -> how a Chinese message calls it (any other character
is shown quoted, as written)."""
