"""Partners: the contribution and benefit ledger and the parity table."""

from lunarstation.partners.ledger import (
    LedgerEngine,
    LedgerOutput,
    LedgerSummary,
    PartnerLedger,
    ledger_table,
)

__all__ = [
    "LedgerEngine",
    "LedgerOutput",
    "LedgerSummary",
    "PartnerLedger",
    "ledger_table",
]
