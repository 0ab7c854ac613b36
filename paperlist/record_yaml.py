"""A record's YAML text: read it with every problem located, write it in canonical form,
and rewrite it keeping a curator's comments, key order and formatting."""

from __future__ import annotations

import datetime as _dt
import io
import re
from typing import Any

import yaml

from paperlist.errors import Problem, StoreError
from paperlist.paper import FIELD_NAMES, Paper, clean_text, paper_from_mapping

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RecordLoader(_Loader):  # type: ignore[misc,valid-type]
    """Safe YAML loading (libyaml when present) that keeps dates as text, so both quoted and bare dates read alike."""


RecordLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}
# The first characters that can make a plain scalar something other than a string (true, 12, ~, ...).
_MAYBE_NOT_TEXT = frozenset(
    first for first, resolvers in RecordLoader.yaml_implicit_resolvers.items() if resolvers and first
)


def _resolve(self, kind, value, implicit):
    """The tag of a node: a quoted scalar, or a plain one that cannot be anything else, is text
    at once (most of a record); the rest goes through the usual implicit resolvers."""
    if kind is yaml.ScalarNode and (not implicit[0] or (value and value[0] not in _MAYBE_NOT_TEXT)):
        return "tag:yaml.org,2002:str"
    return _Loader.resolve(self, kind, value, implicit)


RecordLoader.resolve = _resolve  # type: ignore[method-assign]


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


def _construct(node: yaml.Node, loader: yaml.SafeLoader, memo: dict[int, Any] | None = None) -> Any:
    """The data of a composed node: strings, lists and mappings built directly, anything else
    (numbers, booleans, nulls, merge keys, unknown tags) by the safe constructor.

    A record is mostly plain strings; building them here is several times faster than the
    safe constructor's general machinery, and gives the same result. A node reached twice
    (an alias) is built once, so aliases cannot multiply the work.
    """
    if isinstance(node, yaml.ScalarNode) and node.tag == _STR:
        return node.value
    memo = {} if memo is None else memo
    if id(node) in memo:
        return memo[id(node)]
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        value: Any = [_construct(item, loader, memo) for item in node.value]
    elif isinstance(node, yaml.MappingNode) and node.tag == _MAP and all(k.tag == _STR for k, _ in node.value):
        value = {key.value: _construct(item, loader, memo) for key, item in node.value}
    else:  # a number, a boolean, a null, a merge key, a complex key: the safe constructor's rules
        value = loader.construct_object(node, deep=True)
    memo[id(node)] = value
    return value


class RecordDumper(yaml.SafeDumper):
    """Block-style YAML with multi-line text as literal blocks (pure Python, so every machine writes the same bytes)."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


RecordDumper.add_representer(str, _represent_str)


def dump_record(paper: Paper) -> str:
    """The canonical YAML text of a record."""
    return yaml.dump(
        paper.to_mapping(),
        Dumper=RecordDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=2**30,
        indent=2,
    )


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def load_mapping(text: str, path: str, what: str = "a record") -> tuple[Any, dict[str, int], list[Problem]]:
    """YAML text loaded safely: the data, the line of each top-level key, and every problem,
    each on one line: a NUL byte, invalid YAML, or a key given twice (naming both lines)."""
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, {}, [Problem(path, f"contains a NUL byte: {what} is text; is this a binary file?", line)]
    loader = RecordLoader(text)
    try:
        node = loader.get_single_node()
        data = _construct(node, loader) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        return None, {}, [Problem(path, f"not valid YAML: {_one_line(exc.problem or exc.context or '')}", line)]
    except yaml.YAMLError as exc:
        return None, {}, [Problem(path, f"not valid YAML: {_one_line(str(exc))}")]
    except RecursionError:
        return None, {}, [Problem(path, "not valid YAML: nested too deeply")]
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    duplicates: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            name, line = str(key_node.value), key_node.start_mark.line + 1
            if name in lines:
                duplicates.append(
                    Problem(path, f"field '{name}' appears twice (lines {lines[name]} and {line}): keep one", line)
                )
            else:
                lines[name] = line
    return data, lines, duplicates


def parse_record(text: str, path: str) -> tuple[Paper | None, list[Problem]]:
    """Parse one record's YAML text; every problem is located by ``path`` and line, on one line."""
    data, lines, duplicates = load_mapping(text, path)
    if duplicates and data is None:
        return None, duplicates
    paper, problems = paper_from_mapping(data, lines)
    found = duplicates + [Problem(path, message, line) for line, message in problems]
    return (None if duplicates else paper), found


# --- rewriting a record in place ---------------------------------------------------------------

_SEQUENCE_INDENT = re.compile(r"^(?P<key>[ ]*)[^\s#-][^\n]*:[ ]*(?:#[^\n]*)?\n(?P<dash>[ ]*)-[ ]", re.MULTILINE)


def _round_trip(text: str):
    try:
        from ruamel.yaml import YAML
    except ImportError:  # a broken install: say what to do rather than fail half-way
        raise StoreError(
            "ruamel.yaml, which paperlist needs to rewrite a record in place, is not installed: "
            "reinstall paperlist with its dependencies (pip install paperlist)"
        ) from None

    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 2**30
    rt.allow_unicode = True
    match = _SEQUENCE_INDENT.search(text)
    offset = len(match["dash"]) - len(match["key"]) if match else 0
    rt.indent(mapping=2, sequence=offset + 2, offset=offset)
    rt.explicit_start = text.lstrip().startswith("---")
    return rt


def _plain(value: Any) -> Any:
    """A loaded value as the record reads it: dates as text, text cleaned, containers as lists and dicts."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _yaml_value(value: Any) -> Any:
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def _update(mapping: Any, wanted: dict[str, Any], order: list[str]) -> None:
    """Make ``mapping`` (a ruamel CommentedMap) hold ``wanted``, touching only what differs.

    Unchanged values keep their formatting and comments; a new key goes to its place in
    ``order``; nested mappings are updated the same way.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    for name in [k for k in mapping if k not in wanted]:
        if _plain(mapping[name]) not in (None, "", [], {}):  # an empty placeholder a curator left stays
            del mapping[name]
    for name, value in wanted.items():
        if name in mapping:
            current = mapping[name]
            if _plain(current) == _plain(value):
                continue
            if isinstance(current, CommentedMap) and isinstance(value, dict):
                _update(current, value, list(value))
                continue
            if isinstance(current, CommentedSeq) and isinstance(value, list):
                _update_list(current, value)
                continue
            mapping[name] = _yaml_value(value)
            continue
        rank = order.index(name) if name in order else len(order)
        position = 0
        for i, existing in enumerate(mapping):
            if (order.index(existing) if existing in order else len(order)) <= rank:
                position = i + 1
        mapping.insert(position, name, _yaml_value(value))


def _update_list(sequence: Any, wanted: list[Any]) -> None:
    """Make ``sequence`` hold ``wanted``, keeping the items (and their comments) that stay the same."""
    for i, value in enumerate(wanted):
        if i < len(sequence):
            if _plain(sequence[i]) != _plain(value):
                sequence[i] = _yaml_value(value)
        else:
            sequence.append(_yaml_value(value))
    del sequence[len(wanted) :]


def rewrite_record(old_text: str, paper: Paper) -> str:
    """``paper``'s record written over ``old_text``: comments, key order and the formatting of
    unchanged fields kept; a new field in its canonical place. Falls back to the canonical text
    when the old text is not a mapping."""
    rt = _round_trip(old_text)  # first: it says what to do when ruamel.yaml is missing
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError

    try:
        document = rt.load(old_text)
    except (YAMLError, RecursionError, ValueError):
        return dump_record(paper)
    if not isinstance(document, CommentedMap):
        return dump_record(paper)
    _update(document, paper.to_mapping(), list(FIELD_NAMES))
    out = io.StringIO()
    rt.dump(document, out)
    return out.getvalue()
