"""Condition expressions in strategies: a small, safe arithmetic/logic language over the view.

Examples: `total_money > 18`, `provinces_left <= 4 and turn >= 10`,
`count("Smithy") < count("Treasure") / 11`, `pile(Curse) == 0`, `score_lead < 0`.
Expressions are parsed with Python's `ast` under a whitelist and compiled to a closure,
so evaluating one costs about as much as the Python it stands for.

Validation bounds what can go wrong at run time: the text's length, the tree's size and depth,
and every literal (finite, at most LITERAL_MAX in size; literals become floats, so arithmetic on
them cannot overflow into an exception). A division by a literal-only zero is rejected; the one
failure left, a division by a quantity that is zero at run time, makes the condition false
(`gametest.strategy.model.Entry.applies` records it).
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

from gametest.engine.errors import UsageError, closest

# name -> (Python source over the view `v`, description): the names every SeatView provides
# (gametest/engine/view.py). A game declares its full list in GameInfo.conditions, reusing these
# and adding its own (coins, provinces_left, health, ...).
VIEW_NAMES: dict[str, tuple[str, str]] = {
    "turn": ("v.turn", "your own turn number, 1 on your first turn"),
    "cards_owned": ("v.n_cards", "number of cards you own"),
    "score": ("v.score", "your victory points"),
    "best_opponent_score": ("v.best_opponent_score", "the highest opponent score"),
    "score_lead": ("(v.score - v.best_opponent_score)", "your score minus the best opponent's"),
    "players": ("v.n_players", "number of players"),
    "hand_size": ("len(v.hand)", "cards in your hand"),
}
# function -> (source template with {card}, description)
FUNCS: dict[str, tuple[str, str]] = {
    "count": ("v.count({card!r})", "how many of a card you own"),
    "pile": ("v.pile({card!r})", "cards left in that card's Supply pile"),
    "in_hand": ("v.hand.count({card!r})", "how many of a card are in your hand"),
}
_CMP = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
_BIN = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}

Condition = Callable[[Any], bool]

MAX_LENGTH = 2000  # characters in one condition
MAX_NODES = 250  # syntax-tree nodes in one condition
MAX_DEPTH = 40  # nesting depth (the generated code must stay far below Python's 200 parentheses)
LITERAL_MAX = 10**9  # largest number a condition may write


class ExprError(UsageError):
    """A condition expression that doesn't parse or names something unknown."""


def compile_condition(
    text: str,
    resolve_card: Callable[[str], str],
    names: Mapping[str, tuple[str, str]],
    card_types: Sequence[str] = (),
) -> tuple[Condition, set[str]]:
    """Compile an expression to a function of the view; also return the cards it names.

    `names` are the game's condition names (GameInfo.conditions: name -> (source over `v`,
    description)); `card_types` the types `count(TYPE)` accepts.
    """
    src, cards = condition_source(text, resolve_card, names, card_types)
    return condition_from_source(src), cards


def condition_from_source(src: str) -> Condition:
    """The function for a condition's checked Python source (see condition_source)."""
    try:
        fn: Condition = eval(f"lambda v: {src}", {"__builtins__": {}, "len": len, "max": max})
    except (SyntaxError, RecursionError, MemoryError) as e:  # defence in depth: bounded above
        raise ExprError(f"condition {_short(src)} is too complex: {e}") from None
    return fn


def condition_source(
    text: str,
    resolve_card: Callable[[str], str],
    names: Mapping[str, tuple[str, str]],
    card_types: Sequence[str] = (),
) -> tuple[str, set[str]]:
    """An expression checked and translated to Python source over the view `v`, and its cards.

    The source names nothing but `v`, `len` and `max`, so it can be stored and compiled again
    anywhere (a strategy sent to a worker process is rebuilt from it).
    """
    if not isinstance(text, str):
        raise ExprError("a condition must be a string")
    text = text.strip()
    if not text:
        raise ExprError("empty condition")
    if len(text) > MAX_LENGTH:
        raise ExprError(f"condition is {len(text)} characters long (at most {MAX_LENGTH})")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as e:
        raise ExprError(f"cannot parse condition {_short(text)}: {e.msg}") from None
    except (ValueError, RecursionError, MemoryError) as e:  # e.g. a literal too long to read
        raise ExprError(f"cannot parse condition {_short(text)}: {e}") from None
    _check_shape(tree.body)
    cards: set[str] = set()
    types = {t.lower(): t for t in card_types}
    return _emit(tree.body, resolve_card, cards, names, types), cards


def _short(text: str, n: int = 80) -> str:
    return repr(text if len(text) <= n else text[:n] + "...")


def _check_shape(root: ast.expr) -> None:
    """Reject trees too large or too deep to compile and evaluate cheaply."""
    nodes, stack = 0, [(cast(ast.AST, root), 1)]
    while stack:
        node, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise ExprError(f"condition is too long (more than {MAX_NODES} parts)")
        if depth > MAX_DEPTH:
            raise ExprError(f"condition is nested too deeply (more than {MAX_DEPTH} levels)")
        stack.extend((c, depth + 1) for c in ast.iter_child_nodes(node))


def _number(value: float) -> str:
    """A literal as float source: finite and bounded, so it round-trips and cannot overflow."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ExprError(f"number {value} is not finite")
    if abs(value) > LITERAL_MAX:
        digits = str(value) if len(str(value)) <= 20 else str(value)[:12] + "..."
        raise ExprError(f"number {digits} is too large (at most {LITERAL_MAX:,})")
    return repr(float(value))


def _constant_value(node: ast.expr) -> float | None:
    """The value of a literal-only arithmetic expression (for rejecting division by zero)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(_number(node.value))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        inner = _constant_value(node.operand)
        return None if inner is None else (-inner if isinstance(node.op, ast.USub) else inner)
    if isinstance(node, ast.BinOp) and type(node.op) in _BIN:
        a, b = _constant_value(node.left), _constant_value(node.right)
        if a is None or b is None:
            return None
        try:
            if isinstance(node.op, ast.Add):
                return a + b
            if isinstance(node.op, ast.Sub):
                return a - b
            if isinstance(node.op, ast.Mult):
                return a * b
            return a / b
        except ZeroDivisionError:
            raise ExprError("division by zero") from None
    return None


def _card_arg(
    node: ast.expr, resolve_card: Callable[[str], str], cards: set[str], types: dict[str, str]
) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        raw = node.value
    elif isinstance(node, ast.Name):
        raw = node.id
    else:
        raise ExprError('a card name must be a word or a quoted string, e.g. count("Throne Room")')
    typ = types.get(raw.strip().lower())
    try:
        name = resolve_card(raw)
    except UsageError as e:
        if typ is not None:
            return typ
        raise ExprError(str(e)) from None
    cards.add(name)
    return name


def _emit(
    node: ast.expr,
    resolve_card: Callable[[str], str],
    cards: set[str],
    names: Mapping[str, tuple[str, str]],
    types: dict[str, str],
) -> str:
    if isinstance(node, ast.BoolOp):
        op = " and " if isinstance(node.op, ast.And) else " or "
        return "(" + op.join(_emit(v, resolve_card, cards, names, types) for v in node.values) + ")"
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.Not):
            return f"(not {_emit(node.operand, resolve_card, cards, names, types)})"
        if isinstance(node.op, ast.USub):
            return f"(-{_emit(node.operand, resolve_card, cards, names, types)})"
    if isinstance(node, ast.Compare):
        parts = [_emit(node.left, resolve_card, cards, names, types)]
        for cmp_op, rhs in zip(node.ops, node.comparators, strict=True):
            if type(cmp_op) not in _CMP:
                raise ExprError(f"operator {type(cmp_op).__name__} is not allowed")
            parts += [_CMP[type(cmp_op)], _emit(rhs, resolve_card, cards, names, types)]
        return "(" + " ".join(parts) + ")"
    if isinstance(node, ast.BinOp) and type(node.op) in _BIN:
        if isinstance(node.op, ast.Div) and _constant_value(node.right) == 0:
            raise ExprError("division by zero")
        left, right = (
            _emit(node.left, resolve_card, cards, names, types),
            _emit(node.right, resolve_card, cards, names, types),
        )
        return f"({left} {_BIN[type(node.op)]} {right})"
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    ):
        return _number(node.value)
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        return repr(node.value)
    if isinstance(node, ast.Name):
        if node.id in ("true", "True"):
            return "True"
        if node.id in ("false", "False"):
            return "False"
        if node.id not in names:
            hint = closest(node.id, list(names))
            more = f" (did you mean {', '.join(hint)}?)" if hint else ""
            raise ExprError(f"unknown name '{node.id}'{more}")
        return names[node.id][0]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        fname = node.func.id
        if fname not in FUNCS:
            hint = closest(fname, list(FUNCS))
            more = f" (did you mean {', '.join(hint)}?)" if hint else ""
            raise ExprError(f"unknown function '{fname}'{more}")
        if len(node.args) != 1 or node.keywords:
            raise ExprError(f"{fname}() takes exactly one card name")
        card = _card_arg(node.args[0], resolve_card, cards, types)
        if card in types.values() and card not in cards:
            if fname != "count":
                raise ExprError(f"{fname}() takes a card name, not the type {card}")
            return f"v.count_type({card!r})"
        return FUNCS[fname][0].format(card=card)
    raise ExprError(f"'{ast.unparse(node)}' is not allowed in a condition")
