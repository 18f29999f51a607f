"""The trigger language of the measures catalogue: parsed and checked, never ``eval``.

A trigger is a small boolean expression over a territory's figures::

    unemployment_rate > 1.2 * national and poverty_rate > national
    srs_gap(area=rural, sphere=engineering) > 30
    tag(single_industry_town) or index_rank(lagging) <= 5

Grammar (lowest precedence first)::

    expr     := and_expr ("or" and_expr)*
    and_expr := not_expr ("and" not_expr)*
    not_expr := "not" not_expr | compare
    compare  := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
    sum      := product (("+" | "-") product)*
    product  := unary (("*" | "/") unary)*
    unary    := "-" unary | atom
    atom     := NUMBER | STRING | NAME | NAME "(" args ")" | "(" expr ")"
    args     := [arg ("," arg)*];  arg := NAME "=" value | value

A bare ``NAME`` is an indicator id; ``national`` and ``peer`` stand for the national value
and the peer-group mean of the indicator on the other side of the comparison. Inside a
call, a bare name is a word (``area=rural``), not a figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aimaq.errors import ValidationError

#: names that refer to the other side of a comparison
RELATIVE = ("national", "peer")

#: functions of the language, with the keyword arguments each accepts
FUNCTIONS: dict[str, tuple[str, ...]] = {
    "srs_gap": ("sphere", "area"),
    "srs_provision": ("area",),
    "tag": (),
    "tagged": (),
    "kpi": (),
    "index_rank": ("pillar",),
    "index_score": ("pillar",),
    "trend": ("years",),
    "national": (),
    "peer": (),
    "value": (),
}

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|(?P<str>\"[^\"]*\"|'[^']*')"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op><=|>=|==|!=|[<>()+\-*/,=]))"
)
_KEYWORDS = {"and", "or", "not"}


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Str:
    value: str


@dataclass(frozen=True)
class Name:
    name: str


@dataclass(frozen=True)
class Call:
    func: str
    args: tuple[Node, ...] = ()
    kwargs: tuple[tuple[str, Node], ...] = ()


@dataclass(frozen=True)
class Arith:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Neg:
    operand: Node


@dataclass(frozen=True)
class Compare:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class BoolOp:
    op: str  # "and" | "or"
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    operand: Node


Node = Num | Str | Name | Call | Arith | Neg | Compare | BoolOp | Not


@dataclass(frozen=True)
class Token:
    kind: str  # num | str | name | op | end
    text: str
    pos: int


def tokenize(text: str) -> list[Token]:
    """The tokens of a trigger; an unexpected character is an error naming its position.

    Examples
    --------
    >>> [t.text for t in tokenize("a >= 1.5")]
    ['a', '>=', '1.5', '']
    """
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            bad = text[pos:].lstrip()[:1]
            raise ValidationError(f"unexpected character {bad!r} at position {pos + 1}")
        kind = m.lastgroup or "op"
        tokens.append(Token(kind, m.group(kind), m.start(kind)))
        pos = m.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


@dataclass
class _Parser:
    tokens: list[Token]
    at: int = 0

    def peek(self) -> Token:
        return self.tokens[self.at]

    def take(self) -> Token:
        tok = self.tokens[self.at]
        self.at += 1
        return tok

    def expect(self, text: str) -> None:
        tok = self.take()
        if tok.text != text:
            raise ValidationError(
                f"expected {text!r} at position {tok.pos + 1}, found {tok.text or 'the end'!r}"
            )

    def is_word(self, word: str) -> bool:
        tok = self.peek()
        return tok.kind == "name" and tok.text == word

    def expr(self) -> Node:
        items = [self.and_expr()]
        while self.is_word("or"):
            self.take()
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else BoolOp("or", tuple(items))

    def and_expr(self) -> Node:
        items = [self.not_expr()]
        while self.is_word("and"):
            self.take()
            items.append(self.not_expr())
        return items[0] if len(items) == 1 else BoolOp("and", tuple(items))

    def not_expr(self) -> Node:
        if self.is_word("not"):
            self.take()
            return Not(self.not_expr())
        return self.compare()

    def compare(self) -> Node:
        left = self.sum()
        tok = self.peek()
        if tok.kind == "op" and tok.text in {"<", "<=", ">", ">=", "==", "!="}:
            self.take()
            return Compare(tok.text, left, self.sum())
        return left

    def sum(self) -> Node:
        node = self.product()
        while self.peek().text in {"+", "-"} and self.peek().kind == "op":
            op = self.take().text
            node = Arith(op, node, self.product())
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.peek().text in {"*", "/"} and self.peek().kind == "op":
            op = self.take().text
            node = Arith(op, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.peek().kind == "op" and self.peek().text == "-":
            self.take()
            return Neg(self.unary())
        return self.atom()

    def atom(self) -> Node:
        tok = self.take()
        if tok.kind == "num":
            return Num(float(tok.text))
        if tok.kind == "str":
            return Str(tok.text[1:-1])
        if tok.kind == "op" and tok.text == "(":
            node = self.expr()
            self.expect(")")
            return node
        if tok.kind == "name" and tok.text not in _KEYWORDS:
            if self.peek().text == "(" and self.peek().kind == "op":
                return self.call(tok)
            return Name(tok.text)
        raise ValidationError(f"unexpected {tok.text or 'end'!r} at position {tok.pos + 1}")

    def call(self, name: Token) -> Call:
        if name.text not in FUNCTIONS:
            raise ValidationError(
                f"unknown function {name.text!r} at position {name.pos + 1}; "
                f"known: {', '.join(sorted(FUNCTIONS))}"
            )
        self.expect("(")
        args: list[Node] = []
        kwargs: list[tuple[str, Node]] = []
        while not (self.peek().kind == "op" and self.peek().text == ")"):
            tok = self.peek()
            nxt = self.tokens[self.at + 1]
            if tok.kind == "name" and nxt.text == "=" and nxt.kind == "op":
                self.take()
                self.take()
                if tok.text not in FUNCTIONS[name.text]:
                    raise ValidationError(
                        f"{name.text}() takes no argument {tok.text!r} (position {tok.pos + 1}); "
                        f"it takes: {', '.join(FUNCTIONS[name.text]) or 'none by keyword'}"
                    )
                kwargs.append((tok.text, self.word()))
            else:
                args.append(self.word())
            if self.peek().text == ",":
                self.take()
            elif not (self.peek().kind == "op" and self.peek().text == ")"):
                bad = self.peek()
                raise ValidationError(
                    f"expected ',' or ')' at position {bad.pos + 1}, found {bad.text or 'the end'!r}"
                )
        self.expect(")")
        return Call(name.text, tuple(args), tuple(kwargs))

    def word(self) -> Node:
        """A call argument: a bare name is a word, anything else an expression."""
        tok = self.peek()
        nxt = self.tokens[self.at + 1]
        if tok.kind == "name" and tok.text not in _KEYWORDS and nxt.text in {",", ")"}:
            self.take()
            return Str(tok.text)
        return self.sum()


def parse(text: str) -> Node:
    """Parse a trigger into its syntax tree.

    Examples
    --------
    >>> parse("unemployment_rate > 1.2 * national")
    Compare(op='>', left=Name(name='unemployment_rate'), right=Arith(op='*', left=Num(value=1.2), right=Name(name='national')))
    >>> parse("tag(single_industry_town)")
    Call(func='tag', args=(Str(value='single_industry_town'),), kwargs=())
    """
    if not text or not text.strip():
        raise ValidationError("empty trigger")
    parser = _Parser(tokenize(text))
    node = parser.expr()
    tok = parser.peek()
    if tok.kind != "end":
        raise ValidationError(f"unexpected {tok.text!r} at position {tok.pos + 1}")
    return node


@dataclass(frozen=True)
class Usage:
    """What a trigger reads: indicators, functions, relative names."""

    indicators: frozenset[str] = field(default_factory=frozenset)
    functions: frozenset[str] = field(default_factory=frozenset)
    tags: frozenset[str] = field(default_factory=frozenset)
    indices: frozenset[str] = field(default_factory=frozenset)
    kpis: frozenset[str] = field(default_factory=frozenset)


def usage(node: Node) -> Usage:
    """Every indicator, function, tag, index and KPI a trigger refers to.

    Examples
    --------
    >>> u = usage(parse("poverty_rate > national and tag(border_district)"))
    >>> sorted(u.indicators), sorted(u.tags)
    (['poverty_rate'], ['border_district'])
    """
    inds: set[str] = set()
    funcs: set[str] = set()
    tags: set[str] = set()
    indices: set[str] = set()
    kpis: set[str] = set()

    def walk(n: Node) -> None:
        if isinstance(n, Name):
            if n.name not in RELATIVE:
                inds.add(n.name)
        elif isinstance(n, Call):
            funcs.add(n.func)
            first = n.args[0].value if n.args and isinstance(n.args[0], Str) else None
            if first is not None:
                if n.func in {"tag", "tagged"}:
                    tags.add(first)
                elif n.func in {"index_rank", "index_score"}:
                    indices.add(first)
                elif n.func == "kpi":
                    kpis.add(first)
                elif n.func in {"trend", "national", "peer", "value"}:
                    inds.add(first)
            for a in [*n.args, *(v for _, v in n.kwargs)]:
                if not isinstance(a, Str):
                    walk(a)
        elif isinstance(n, Arith | Compare):
            walk(n.left)
            walk(n.right)
        elif isinstance(n, Neg | Not):
            walk(n.operand)
        elif isinstance(n, BoolOp):
            for item in n.items:
                walk(item)

    walk(node)
    return Usage(
        frozenset(inds), frozenset(funcs), frozenset(tags), frozenset(indices), frozenset(kpis)
    )


def check_relative(node: Node) -> None:
    """``national``/``peer`` need an indicator on the other side of their comparison."""

    def has_relative(n: Node) -> bool:
        if isinstance(n, Name):
            return n.name in RELATIVE
        if isinstance(n, Arith):
            return has_relative(n.left) or has_relative(n.right)
        if isinstance(n, Neg):
            return has_relative(n.operand)
        return False

    def walk(n: Node, inside_compare: bool) -> None:
        if isinstance(n, Compare):
            for side, other in ((n.left, n.right), (n.right, n.left)):
                if has_relative(side) and subject_of(other) is None:
                    raise ValidationError(
                        "'national' and 'peer' compare with an indicator: put an indicator id "
                        "on the other side of the comparison"
                    )
            return
        if isinstance(n, Name) and n.name in RELATIVE and not inside_compare:
            raise ValidationError(f"{n.name!r} stands only inside a comparison")
        if isinstance(n, BoolOp):
            for item in n.items:
                walk(item, False)
        elif isinstance(n, Not):
            walk(n.operand, False)

    walk(node, False)


def subject_of(node: Node) -> str | None:
    """The indicator a comparison side is about (``a``, ``trend(a)``, ``2 * a``), if any."""
    if isinstance(node, Name) and node.name not in RELATIVE:
        return node.name
    if isinstance(node, Call) and node.func in {"value", "trend"} and node.args:
        first = node.args[0]
        return first.value if isinstance(first, Str) else None
    if isinstance(node, Arith):
        return subject_of(node.left) or subject_of(node.right)
    if isinstance(node, Neg):
        return subject_of(node.operand)
    return None


def render(node: Node) -> str:
    """The trigger written back in canonical form.

    Examples
    --------
    >>> render(parse("a>national*1.2 and not tag( x )"))
    'a > national * 1.2 and not tag(x)'
    """
    if isinstance(node, Num):
        return f"{node.value:g}"
    if isinstance(node, Str):
        return node.value
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Call):
        parts = [render(a) for a in node.args] + [f"{k}={render(v)}" for k, v in node.kwargs]
        return f"{node.func}({', '.join(parts)})"
    if isinstance(node, Arith):
        return f"{_paren(node.left, node)} {node.op} {_paren(node.right, node)}"
    if isinstance(node, Neg):
        return f"-{render(node.operand)}"
    if isinstance(node, Compare):
        return f"{render(node.left)} {node.op} {render(node.right)}"
    if isinstance(node, BoolOp):
        return f" {node.op} ".join(
            f"({render(i)})" if isinstance(i, BoolOp) else render(i) for i in node.items
        )
    return f"not {render(node.operand)}"


def _paren(child: Node, parent: Arith) -> str:
    text = render(child)
    weaker = isinstance(child, Arith) and child.op in "+-" and parent.op in "*/"
    return f"({text})" if weaker else text
