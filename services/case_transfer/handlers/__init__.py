"""Use cases of case-transfer (案件移送): one function each, inside one unit of work."""
