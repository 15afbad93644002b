"""投诉举报 (complaint-intake).

Takes complaints and whistleblower reports, routes them
and tracks their handling.
"""
