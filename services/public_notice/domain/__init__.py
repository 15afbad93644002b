"""Pure rules of public-notice (信息公示): masking, periods, timing, what may be published.

Data in, data out: no I/O, no clock, no settings.
"""
