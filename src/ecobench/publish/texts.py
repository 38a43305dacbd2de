"""The texts of the marts' codes, for the outputs that show a code column: read from
`marts.dim_text` (seeds/reason_texts.csv), never written here.

A reason, a note or a summary comes with its own `*_zh` and `*_en` columns, built by the
SQL (macros/texts.sql); a categorical column (a verdict, a rating, a measure, a basis)
shows the text of its code in the domain named like the column. A code without a text
is shown as it is, and the tests fail on any such code in a published mart.
"""

from __future__ import annotations

import duckdb


class Texts:
    """`zh(domain, code)`, `en(domain, code)` and `both(domain, code)` (the Chinese with
    the English beside it) of the codes of `marts.dim_text`."""

    def __init__(self, rows: list[tuple[str, str, str, str]]):
        self.texts = {(domain, code): (zh, en) for domain, code, zh, en in rows}
        self.domains = {domain for domain, _code, _zh, _en in rows}

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection, schema: str = "marts") -> Texts:
        return cls(con.execute(f"select domain, code, zh, en from {schema}.dim_text").fetchall())

    def zh(self, domain: str, code: str | None) -> str:
        if code is None:
            return ""
        return self.texts.get((domain, code), (code, code))[0]

    def en(self, domain: str, code: str | None) -> str:
        if code is None:
            return ""
        return self.texts.get((domain, code), (code, code))[1]

    def both(self, domain: str, code: str | None) -> str:
        chinese, english = self.zh(domain, code), self.en(domain, code)
        return chinese if chinese == english else f"{chinese}（{english}）"
