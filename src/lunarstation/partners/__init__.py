"""Partners: the contribution and benefit ledger and the parity table."""

from lunarstation.partners.ledger import LedgerEngine, ledger_table

__all__ = ["LedgerEngine", "ledger_table"]
