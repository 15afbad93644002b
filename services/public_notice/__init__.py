"""信息公示 (public-notice).

Publishes inspection results, penalties and credit grades
to the public.
"""
