"""Use cases of public-notice (信息公示): one function each, inside one unit of work."""
