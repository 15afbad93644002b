"""Read models of case-transfer (案件移送): views and reports, never writes."""
